import { Filter } from '../assets/filter.js';
import { HOLD_MESSAGE, Store, holdable, sizeOf } from '../assets/store.js';
import { eq, ok, test } from './harness.js';

const ev = (id, over = {}) => ({
  id: String(id),
  ts: 1000 * id,
  level: 'INFO',
  source: 'app',
  logger: 'l',
  message: 'm' + id,
  ...over,
});
const ids = (store) => {
  const out = [];
  for (let i = 0; i < store.view.length; i++) {
    const e = store.get(store.view.at(i));
    out.push(e.gap ? 'gap' : e.id);
  }
  return out;
};

test('appends in order and drops ids already held (a resume never doubles)', () => {
  const s = new Store();
  s.append([ev(1), ev(2), ev(3)]);
  const r = s.append([ev(2), ev(3), ev(4)]);
  eq(ids(s), ['1', '2', '3', '4']);
  eq(r.added, 1);
  eq(s.lastId, '4');
});

test('a byte budget evicts the oldest first, and the counters follow', () => {
  const one = sizeOf(ev(1, { message: 'x'.repeat(1000) }));
  const s = new Store(one * 10 + 100);
  const events = [];
  for (let i = 1; i <= 25; i++) events.push(ev(i, { message: 'x'.repeat(1000), level: i % 2 ? 'ERROR' : 'INFO' }));
  const r = s.append(events);
  eq(s.held, 10);
  ok(s.bytes <= s.budget, 'within the budget');
  eq(ids(s)[0], '16');
  eq(s.counts.ERROR + s.counts.INFO, 10, 'counts of what is held');
  eq(s.counts.ERROR, 5);
  eq(r.evicted, 15, 'view entries evicted');
  s.setBudget(one * 3 + 30);
  eq(s.held, 3);
  eq(s.counts.ERROR + s.counts.INFO, 3);
});

test('a count cap still holds', () => {
  const s = new Store(1e9, 5);
  s.append([1, 2, 3, 4, 5, 6, 7].map((i) => ev(i)));
  eq(ids(s), ['3', '4', '5', '6', '7']);
});

test('long messages and stack traces are held cut and marked', () => {
  const long = 'a'.repeat(HOLD_MESSAGE * 3);
  const held = holdable(ev(1, { message: long, thrown: 'b'.repeat(100000) }));
  ok(held.clipped, 'clipped');
  eq(held.message.length, HOLD_MESSAGE);
  eq(held.messageLength, long.length);
  ok(held.thrown.length < 100000, 'stack cut');
  const s = new Store();
  s.append([ev(1, { message: long })]);
  ok(s.bytes < long.length, 'the bytes held are those of the cut event');
  ok(!s.ndjson().includes('clipped'), 'downloads carry no page bookkeeping');
});

test('gaps know the time before and after them', () => {
  const s = new Store();
  s.append([ev(1)]);
  s.append([{ gap: true, from: '2', to: '9', missed: 8, ts: 99999 }]);
  s.append([ev(10)]);
  const gap = s.get(s.view.at(1));
  eq([gap.fromTs, gap.toTs], [1000, 10000]);
  eq(ids(s), ['1', 'gap', '10']);
});

test('the filter builds the view; the search counts its matches; next match wraps', () => {
  const s = new Store();
  s.append([ev(1, { message: 'alpha' }), ev(2, { message: 'beta', level: 'WARN' }), ev(3, { message: 'alpha beta' })]);
  s.setFilter(new Filter({ level: 'WARN' }));
  eq(ids(s), ['2']);
  s.setFilter(new Filter({ q: 'alpha', mode: 'highlight' }));
  eq(ids(s), ['1', '2', '3']);
  eq(s.matched, 2);
  eq(s.nextMatch(0, 1), 2);
  eq(s.nextMatch(2, 1), 0, 'wraps');
  eq(s.nextMatch(0, -1), 2, 'backwards wraps');
  s.append([ev(4, { message: 'alpha again' })]);
  eq(s.matched, 3);
});

test('older events go before the oldest held, within the budget', () => {
  const s = new Store();
  s.append([ev(10), ev(11)]);
  const taken = s.prepend([ev(7), ev(8), ev(9), ev(10)]);
  eq(taken, 3);
  eq(ids(s), ['7', '8', '9', '10', '11']);
  eq(s.counts.INFO, 5);
  s.append([ev(12)]);
  eq(ids(s).slice(-2), ['11', '12']);
});

test('merge joins history for a wider filter without duplicates; clear keeps the newest id', () => {
  const s = new Store();
  s.append([ev(2), ev(4)]);
  s.merge([ev(1), ev(2), ev(3)]);
  eq(ids(s), ['1', '2', '3', '4']);
  eq(s.counts.INFO, 4);
  s.clear();
  eq(s.held, 0);
  eq(s.counts.INFO, 0);
  eq(s.lastId, '4');
});

test('paging back past the budget lets the newest go, named by one marker, and live appends after it', () => {
  const one = sizeOf(ev(1, { message: 'x'.repeat(1000) }));
  const s = new Store(one * 6 + 600);
  const big = (id) => ev(id, { message: 'x'.repeat(1000) });
  s.append([big(20), big(21), big(22), big(23), big(24), big(25)]);
  eq(s.held, 6);
  const taken = s.prepend([big(16), big(17), big(18), big(19)]);
  eq(taken, 4);
  ok(s.bytes <= s.budget, 'within the budget');
  const held = ids(s);
  eq(held.slice(0, 4), ['16', '17', '18', '19']);
  eq(held[held.length - 1], 'gap', 'a marker at the tail');
  const marker = s.get(s.view.at(s.view.length - 1));
  ok(marker.cut, 'a cut, not a gap in the stream');
  eq(marker.to, '25');
  eq(marker.letGo, 4);
  eq(s.lastId, '25', 'the stream still resumes after the newest received');
  s.append([big(26)]);
  eq(ids(s).slice(-2), ['gap', '26']);
  s.prepend([big(14), big(15)]);
  const markers = ids(s).filter((id) => id === 'gap');
  eq(markers.length, 1, 'one marker: the old one and the new arrivals joined');
  eq(s.get(s.view.at(s.view.length - 1)).to, '26');
});

test('a window of history replaces what is held; newer ids are named by a marker', () => {
  const s = new Store();
  s.append([ev(100), ev(101), ev(102)]);
  s.showWindow([ev(10), ev(11), ev(12)]);
  eq(ids(s), ['10', '11', '12', 'gap']);
  const marker = s.get(s.view.at(3));
  eq([marker.from, marker.to], ['13', '102']);
  eq(s.lastId, '102');
  s.append([ev(102), ev(103)]);
  eq(ids(s), ['10', '11', '12', 'gap', '103']);
  eq(s.counts.INFO, 4);
});
