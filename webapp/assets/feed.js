// Events into the page: from the (shared) stream, from history at start and when filters widen,
// older pages on demand, and single events for the details and permalinks.
import { SignedOut } from './session.js';
import { number } from './text.js';

const COVER_WAIT = 10000;

export class Feed {
  /** @param {object} ctx the page (app.js) */
  constructor(ctx) {
    this.ctx = ctx;
    this.buffer = []; // stream batches that arrive while history is being fetched
    this.filling = true;
    this.latencies = []; // now - ts of the newest event of recent batches
    this.arrivals = []; // performance.now() of batches appended but not yet painted
    this.e2e = { samples: new Float64Array(20000), n: 0 };
    this.serverSays = null; // the stream's opening event
    this.takenAt = new Map(); // id -> Date.now() when the latest live events were taken (bounded)
  }

  /** Takes events (oldest first) that this tab's server filter lets through. */
  take(events, live) {
    const { store, list, chart, filter } = this.ctx;
    const kept = [];
    for (const e of events) {
      if (!filter.serverMatches(e)) continue;
      kept.push(e);
      if (!e.gap) chart.add(e.level, e.ts); // when it happened, replayed or not
    }
    if (live && events.length) {
      const now = Date.now();
      for (const e of kept) if (!e.gap) this.takenAt.set(e.id, now);
      while (this.takenAt.size > 2000) this.takenAt.delete(this.takenAt.keys().next().value);
      const latency = now - events[events.length - 1].ts;
      this.latencies.push(latency);
      if (this.latencies.length > 50) this.latencies.shift();
      this.e2e.samples[this.e2e.n++ % this.e2e.samples.length] = latency;
    }
    if (live) this.ctx.attention.took(kept);
    const before = store.view.length;
    const result = store.append(kept);
    list.appended(result);
    if (result.added) {
      const entered = [];
      for (let i = Math.max(0, store.view.length - result.added); i < store.view.length; i++) entered.push(store.get(store.view.at(i)));
      this.ctx.attention.arrived(entered);
    }
    if (before !== store.view.length || result.added) this.ctx.view.schedule();
  }

  onLogs(data) {
    if (this.filling) {
      this.buffer.push(data);
      return;
    }
    if (this.arrivals.length < 5000) this.arrivals.push(performance.now());
    this.take(JSON.parse(data), true);
  }

  onGap(gap) {
    const missed = typeof gap.missed === 'number' ? gap.missed : undefined;
    this.take([{ gap: true, from: gap.from, to: gap.to, missed, ts: Date.now() }], false);
    const count = missed === undefined ? 'events missed' : `gap of ${number.format(missed)} events`;
    this.ctx.setState('resumed', `resumed: ${count} (ids ${gap.from}–${gap.to} no longer held)`);
  }

  onHello(hello) {
    this.serverSays = hello;
  }

  /**
   * Fetches recent history for this tab's filter once the shared stream covers it, so nothing
   * falls between the two; `merge` when a wider filter must join what is held.
   */
  async backfill(merge) {
    const { store, list, hub } = this.ctx;
    this.filling = true;
    await Promise.race([hub.whenCovered(), new Promise((r) => setTimeout(r, COVER_WAIT))]);
    try {
      const params = this.ctx.filter.serverParams();
      params.set('limit', '1000');
      const events = await this.ctx.getJson('api/logs?' + params);
      if (merge) {
        store.merge(events);
        list.refill();
      } else {
        this.take(events, false);
      }
    } catch (e) {
      if (e instanceof SignedOut) return;
      // the server is not answering: the stream's own retries take over
    }
    this.filling = false;
    const buffered = this.buffer;
    this.buffer = [];
    for (const data of buffered) this.take(JSON.parse(data), true);
    this.ctx.view.schedule();
    this.ctx.ready = true;
  }

  /**
   * Pages back through history before the oldest event held (one request at a time): a page of
   * `limit`, or what a read cut short by the server's time budget found (it continues from
   * `Livelog-Scanned-To`). The newest held may go to make room (the byte budget still bounds the
   * page). Answers how many came.
   */
  loadOlder(limit = 500) {
    if (!this.older) this.older = this.pageBack(limit).finally(() => (this.older = null));
    return this.older;
  }

  async pageBack(limit) {
    const { store, list } = this.ctx;
    const oldest = store.oldest();
    if (!oldest) return 0;
    const params = this.ctx.filter.serverParams();
    const done = oldest.id + '?' + params;
    if (this.olderDone === done) return 0;
    params.set('limit', String(limit));
    const events = await this.read(params, 'before', oldest.id);
    if (!events.length) {
      this.olderDone = done;
      return 0;
    }
    const floor = store.oldestSeq;
    const taken = store.prepend(events.filter((e) => Number(e.id) < Number(oldest.id)));
    let above = 0;
    while (above < store.view.length && store.view.at(above) < floor) above++;
    list.shifted(above);
    this.ctx.view.schedule();
    return taken;
  }

  /**
   * Reads history from `cursor` on (`key` is `before` or `after`) until a page brings events or the
   * server says it read everything; a read the time budget cut short continues where it got to.
   */
  async read(params, key, cursor, tries = 20) {
    let at = cursor;
    for (let i = 0; i < tries; i++) {
      if (at !== null && at !== undefined) params.set(key, at);
      const page = await this.ctx.getPage('api/logs?' + params);
      if (page.events.length || !page.scannedTo) return page.events;
      at = page.scannedTo;
    }
    return [];
  }

  /** Shows the events around `id` (a search result) in place of what is held. */
  async around(id) {
    const older = this.ctx.filter.serverParams();
    older.set('limit', '200');
    const before = await this.read(older, 'before', (BigInt(id) + 1n).toString());
    const newer = this.ctx.filter.serverParams();
    newer.set('limit', '300');
    const after = await this.read(newer, 'after', id);
    this.showWindow([...before, ...after], id);
  }

  /** Shows history from the time `ms` on (the newest events before it above). Answers the count. */
  async at(ms) {
    const older = this.ctx.filter.serverParams();
    older.set('limit', '100');
    older.set('to', String(ms - 1));
    const before = await this.read(older, 'before', null);
    const newer = this.ctx.filter.serverParams();
    newer.set('limit', '400');
    newer.set('from', String(ms));
    const last = before.length ? before[before.length - 1].id : '0';
    const after = await this.read(newer, 'after', last);
    const events = [...before, ...after];
    const first = after.length ? after[0] : before[before.length - 1];
    if (first) this.showWindow(events, first.id);
    return { events: events.length, first };
  }

  showWindow(events, focusId) {
    const { store, list } = this.ctx;
    store.showWindow(events);
    this.olderDone = null;
    list.follow(false);
    list.paused = true;
    list.newCount = 0;
    list.refill();
    const index = store.indexOfId(focusId);
    if (index >= 0) list.moveTo(index);
    this.ctx.view.schedule();
  }

  /** One whole event from history by id (ids are dense on one node), or null. */
  async byId(id) {
    try {
      const after = (BigInt(id) - 1n).toString();
      const events = await this.ctx.getJson(`api/logs?after=${after}&limit=1`);
      return events.length && events[0].id === String(id) ? events[0] : null;
    } catch {
      return null;
    }
  }
}
