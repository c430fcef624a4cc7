import { Filter, searchable, union } from '../assets/filter.js';
import { eq, ok, test } from './harness.js';

const e = (over = {}) => ({
  id: '1',
  ts: 0,
  level: 'INFO',
  source: 'app',
  logger: 'com.acme.orders.OrderService',
  message: 'Order 42 took 812 ms',
  ...over,
});

test('the level is a minimum; sources and logger prefixes narrow', () => {
  const f = new Filter({ level: 'WARN', sources: ['app'], loggers: ['com.acme.orders'] });
  ok(!f.matches(e()), 'INFO below WARN');
  ok(f.matches(e({ level: 'ERROR' })), 'ERROR at or above WARN');
  ok(!f.matches(e({ level: 'ERROR', source: 'http' })), 'another source');
  ok(!f.matches(e({ level: 'ERROR', logger: 'com.acme.billing.X' })), 'another logger');
});

test('search looks at logger, thread, stack trace and fields, case-insensitively', () => {
  const ev = e({ thread: 'worker-7', thrown: 'java.lang.IllegalStateException: boom', fields: { orderId: 4711 } });
  for (const q of ['ORDERSERVICE', 'worker-7', 'illegalstate', '4711', 'order 42']) {
    ok(new Filter({ q }).matches(ev), `a match for ${q}`);
  }
  ok(!new Filter({ q: 'nothing like it' }).matches(ev), 'no match');
  ok(searchable(ev).includes('"orderId":4711'), 'fields as JSON');
});

test('regex and invert', () => {
  ok(new Filter({ q: 'took \\d+ ms', regex: true }).matches(e()), 'regex match');
  ok(!new Filter({ q: 'took \\d+ ms' }).matches(e()), 'the same text literally does not match');
  ok(!new Filter({ q: 'took', invert: true }).matches(e()), 'inverted: a match is hidden');
  ok(new Filter({ q: 'absent', invert: true }).matches(e()), 'inverted: no match is shown');
  const broken = new Filter({ q: '(', regex: true });
  ok(broken.invalid && broken.matches(e()), 'a broken regex filters nothing and says so');
  ok(new Filter({ q: 'took', mode: 'highlight' }).matches(e({ message: 'other' })), 'highlight does not filter');
});

test('field filters compare the value as text', () => {
  const f = new Filter({ fields: { orderId: '42' } });
  ok(f.matches(e({ fields: { orderId: 42 } })), 'number 42 is "42"');
  ok(!f.matches(e({ fields: { orderId: 43 } })), 'another value');
  ok(!f.matches(e()), 'no fields');
});

test('the node filter keeps the events one cluster node took in, on the page only', () => {
  const f = new Filter({ node: 'payara-2' });
  ok(f.matches(e({ node: 'payara-2' })), 'that node');
  ok(!f.matches(e({ node: 'payara-1' })), 'another node');
  ok(!f.matches(e()), 'no node');
  ok(new Filter().matches(e({ node: 'payara-1' })), 'no node filter');
  eq(f.serverParams().toString(), '');
  eq(f.urlParams().toString(), 'node=payara-2');
});

test('the app and trace filters keep the events of one deployment or one trace, on the page only', () => {
  const f = new Filter({ app: 'orders', trace: 'abc' });
  ok(f.matches(e({ app: 'orders', traceId: 'abc' })), 'that app and trace');
  ok(!f.matches(e({ app: 'server', traceId: 'abc' })), 'another app');
  ok(!f.matches(e({ app: 'orders' })), 'no trace');
  ok(new Filter({ app: 'orders' }).matches(e({ app: 'orders' })), 'app alone');
  eq(f.serverParams().toString(), '');
  eq(f.urlParams().toString(), 'app=orders&trace=abc');
  ok(searchable(e({ app: 'billing' })).includes('billing'), 'the search sees the app');
});

test('the URL round-trips every part, defaults left out', () => {
  const f = new Filter({
    level: 'WARN',
    sources: ['b', 'a'],
    loggers: ['x.y'],
    q: 'a(b',
    regex: true,
    invert: true,
    mode: 'highlight',
    fields: { k: 'v' },
    node: 'n1',
    app: 'a1',
    trace: 't1',
  });
  const query = f.urlParams().toString();
  eq(Filter.fromUrl('?' + query).plain(), f.plain());
  eq(new Filter({ level: 'TRACE' }).urlParams().toString(), '');
  eq(f.serverParams().toString(), 'level=WARN&source=a&source=b&logger=x.y');
});

test('the union of filters lets through what any of them does', () => {
  const a = new Filter({ level: 'WARN', sources: ['app'], loggers: ['com.acme.orders'] });
  const b = new Filter({ level: 'ERROR', sources: ['http'], loggers: ['com.acme'] });
  const u = union([a, b]);
  eq(u.serverParams().toString(), 'level=WARN&source=app&source=http&logger=com.acme');
  ok(a.serverSubsetOf(u) && b.serverSubsetOf(u), 'each is covered');
  const c = new Filter({ level: 'DEBUG' });
  eq(union([a, c]).serverParams().toString(), 'level=DEBUG', 'a tab without sources or loggers needs them all');
  eq(union([]).serverParams().toString(), '');
});

test('serverSubsetOf', () => {
  const all = new Filter();
  const warn = new Filter({ level: 'WARN' });
  ok(warn.serverSubsetOf(all), 'narrower level');
  ok(!all.serverSubsetOf(warn), 'wider level');
  ok(
    new Filter({ loggers: ['com.acme.orders'] }).serverSubsetOf(new Filter({ loggers: ['com.acme'] })),
    'longer prefix',
  );
  ok(!new Filter({ sources: ['a', 'b'] }).serverSubsetOf(new Filter({ sources: ['a'] })), 'more sources');
});
