import { Filter } from '../assets/filter.js';
import { SharedStream } from '../assets/shared-stream.js';
import { eq, eventually, ok, test } from './harness.js';

/** A stand-in for stream.js's Connection: opens at once and lets the test push events. */
class FakeConnection {
  constructor(o) {
    this.o = o;
    this.reconnects = 0;
    this.opened = [];
    this.open = false;
  }

  connect() {
    const params = this.o.params();
    const lastId = this.o.lastId();
    if (lastId) params.set('lastEventId', lastId);
    this.opened.push(params);
    this.open = true;
    this.o.onState('connected', 'connected');
    this.o.onOpen('http://127.0.0.1/api/stream?' + params);
  }

  isOpen() {
    return this.open;
  }

  url() {
    return 'http://127.0.0.1/api/stream?' + this.opened[this.opened.length - 1];
  }

  silenceLimit() {
    return Infinity;
  }

  stop() {
    this.open = false;
  }

  /** The server sends one batch of events whose newest id is `id`. */
  logs(id) {
    this.o.onLogs(JSON.stringify([{ id: String(id), level: 'INFO', message: 'm' + id }]), String(id));
  }
}

/** One tab: its SharedStream, the connections it opened and what reached it. */
function tab(name, mode, query = '') {
  const t = { connections: [], logs: [], states: [], lastId: null };
  const filter = Filter.fromUrl(query);
  t.stream = new SharedStream({
    name,
    mode,
    filter: () => filter,
    lastId: () => t.lastId,
    onLogs: (data) => {
      t.logs.push(...JSON.parse(data).map((e) => e.id));
      t.lastId = t.logs[t.logs.length - 1];
    },
    onMetric: () => {},
    onGap: () => {},
    onHello: () => {},
    onState: (state) => t.states.push(state),
    onSignedOut: () => {},
    connect: (o) => {
      const c = new FakeConnection(o);
      t.connections.push(c);
      return c;
    },
  });
  return t;
}

const unique = () => 'livelog-test:' + Math.random().toString(36).slice(2);

test('shared stream (Web Locks): one tab leads and relays, the other follows', async () => {
  const name = unique();
  const a = tab(name, 'locks');
  a.stream.start();
  await eventually(() => a.stream.role() === 'leader', 'the first tab to lead');
  const b = tab(name, 'locks');
  b.stream.start();
  await eventually(() => a.connections.length === 1 && a.connections[0].open, 'the leader to open the stream');
  eq(b.stream.role(), 'follower');
  eq(b.connections.length, 0, 'connections the follower opened');
  a.connections[0].logs(1);
  a.connections[0].logs(2);
  await eventually(() => b.logs.length === 2, 'the follower to get what the leader relays');
  eq(a.logs, ['1', '2']);
  eq(b.logs, ['1', '2']);
  await b.stream.whenCovered();
  a.stream.stop();
  b.stream.stop();
});

test('shared stream (Web Locks): when the leader goes, the follower resumes after the last id relayed', async () => {
  const name = unique();
  const a = tab(name, 'locks');
  a.stream.start();
  await eventually(() => a.stream.role() === 'leader', 'the first tab to lead');
  const b = tab(name, 'locks');
  b.stream.start();
  await eventually(() => a.connections.length === 1 && a.connections[0].open, 'the stream open');
  a.connections[0].logs(7);
  await eventually(() => b.logs.length === 1, 'the relayed batch');
  b.lastId = null; // the follower's own store holds nothing: the relayed id must be enough
  a.stream.stop();
  await eventually(() => b.stream.role() === 'leader', 'the follower to take the lock over');
  await eventually(() => b.connections.length === 1 && b.connections[0].opened.length === 1, 'its stream');
  eq(b.connections[0].opened[0].get('lastEventId'), '7', 'resumed after');
  b.stream.stop();
});

test("shared stream: the stream carries the union of the tabs' filters", async () => {
  const name = unique();
  const a = tab(name, 'locks', '?level=WARN&source=web');
  a.stream.start();
  await eventually(() => a.stream.role() === 'leader', 'a leader');
  const b = tab(name, 'locks', '?level=INFO&source=db');
  b.stream.start();
  await eventually(
    () => a.connections[0] && a.connections[0].opened.some((p) => p.get('level') === 'INFO'),
    'the stream widened for the second tab',
  );
  const widest = a.connections[0].opened[a.connections[0].opened.length - 1];
  eq(widest.get('level'), 'INFO');
  eq(widest.getAll('source'), ['db', 'web']);
  await b.stream.whenCovered();
  a.stream.stop();
  b.stream.stop();
});

test('shared stream (lease, no Web Locks): one leader over the channel, and another when it goes', async () => {
  const name = unique();
  const a = tab(name, 'lease');
  const b = tab(name, 'lease');
  a.stream.start();
  b.stream.start();
  await eventually(() => [a, b].filter((t) => t.stream.role() === 'leader').length === 1, 'exactly one leader');
  await new Promise((resolve) => setTimeout(resolve, 1200)); // a second tab's claim would have won by now
  const leaders = [a, b].filter((t) => t.stream.role() === 'leader');
  eq(leaders.length, 1, 'leaders');
  const [leader, follower] = a.stream.role() === 'leader' ? [a, b] : [b, a];
  await eventually(() => leader.connections.length === 1 && leader.connections[0].open, 'the stream open');
  leader.connections[0].logs(3);
  await eventually(() => follower.logs.length === 1, 'the relayed batch');
  leader.stream.post({ t: 'resign', tab: leader.stream.tab }); // as on pagehide
  leader.stream.stop();
  await eventually(() => follower.stream.role() === 'leader', 'the follower to lead', 8000);
  await eventually(() => follower.connections.length === 1 && follower.connections[0].opened.length, 'its stream');
  eq(follower.connections[0].opened[0].get('lastEventId'), '3', 'resumed after');
  follower.stream.stop();
});

test('shared stream without a channel: the tab keeps its own stream', async () => {
  const t = tab(unique(), 'alone');
  t.stream.start();
  eq(t.stream.role(), 'alone');
  await eventually(() => t.connections.length === 1 && t.connections[0].open, 'its own stream');
  t.connections[0].logs(5);
  eq(t.logs, ['5']);
  ok(t.states.includes('connected'), 'the state passed on');
  t.stream.stop();
});
