// A read-only hook for the tests and the benchmark, loaded only when asked for
// (localStorage "livelog.probe" = "1"): never part of the page a user gets by default.

/** @param {object} page the modules app.js made, by name (read only) */
export function installProbe({ store, list, feed, view, stream, filters, health, attention }) {
  const longTasks = [];
  try {
    new PerformanceObserver((entries) => {
      for (const e of entries.getEntries()) {
        longTasks.push(Math.round(e.duration));
        if (longTasks.length > 1000) longTasks.shift();
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no long task timing in this browser
  }
  const events = () => {
    const all = [];
    for (let i = 0; i < store.view.length; i++) all.push(store.get(store.view.at(i)));
    return all;
  };
  window.livelog = Object.freeze({
    ready: () => feed.ready,
    held: () => store.held,
    shown: () => store.view.length,
    bytes: () => store.bytes,
    budget: () => store.budget,
    counts: () => ({ ...store.counts }),
    domRows: () => list.domRows(),
    lastId: () => store.lastId,
    following: () => list.following,
    paused: () => list.paused,
    newCount: () => list.newCount,
    cursor: () => list.cursor,
    reconnects: () => stream.reconnects,
    role: () => stream.role(),
    election: () => stream.mode,
    streamUrl: () => stream.streamUrl(),
    silenceLimit: () => (stream.conn ? stream.conn.silenceLimit() : stream.limit),
    metrics: () => health.metrics,
    serverSays: () => feed.serverSays,
    gaps: () => events().filter((e) => e.gap).length,
    gapEvents: () => events().filter((e) => e.gap),
    viewIds: () =>
      events()
        .filter((e) => !e.gap)
        .map((e) => e.id),
    has: (text) => events().some((e) => !e.gap && (e.message || '').includes(text)),
    messages: (tag) =>
      events()
        .filter((e) => !e.gap && (e.message || '').includes(tag))
        .map((e) => e.message),
    takenAt: (id) => feed.takenAt.get(id) || null,
    event: (id) => events().find((e) => e.id === id) || null,
    ndjson: () => store.ndjson(),
    filter: () => filters.current.plain(),
    paintLatencies: () => Array.from(view.paint.samples.subarray(0, Math.min(view.paint.n, view.paint.samples.length))),
    e2eLatencies: () => Array.from(feed.e2e.samples.subarray(0, Math.min(feed.e2e.n, feed.e2e.samples.length))),
    resetPaint: () => {
      view.paint.n = 0;
      feed.e2e.n = 0;
      longTasks.length = 0;
    },
    longTasks: () => [...longTasks],
    latencies: () => [...feed.latencies],
    unread: () => attention.unread(),
    attentionLog: () => [...attention.log],
  });
}
