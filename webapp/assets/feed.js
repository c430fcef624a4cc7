// Events into the page: from the (shared) stream, from history at start and when filters widen,
// older pages on demand, and single events for the details and permalinks.
import { SignedOut } from './session.js';
import { seek } from './seek.js';
import { number } from './text.js';

const COVER_WAIT = 10000;

export class Feed {
  /**
   * @param {object} o
   * @param {import('./store.js').Store} o.store what the page holds
   * @param {import('./list.js').VirtualList} o.list
   * @param {() => void} o.repaint asks for a repaint (the view's next frame)
   * @param {import('./chart.js').RateChart} o.chart
   * @param {import('./attention.js').Attention} o.attention
   * @param {import('./notes.js').Status} o.status
   * @param {import('./session.js').Session} o.session its GETs notice a lost session
   * @param {() => import('./filter.js').Filter} o.filter this tab's filter
   * @param {() => Promise<void>} o.covered resolves once the stream carries this tab's filter
   */
  constructor({ store, list, repaint, chart, attention, status, session, filter, covered }) {
    this.store = store;
    this.list = list;
    this.repaint = repaint;
    this.chart = chart;
    this.attention = attention;
    this.status = status;
    this.session = session;
    this.filter = filter;
    this.covered = covered;
    this.ready = false; // the first history is in: the page shows what it should
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
    const { store, list, chart } = this;
    const filter = this.filter();
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
    if (live) this.attention.took(kept);
    const before = store.view.length;
    const result = store.append(kept);
    list.appended(result);
    if (result.added) {
      const entered = [];
      for (let i = Math.max(0, store.view.length - result.added); i < store.view.length; i++)
        entered.push(store.get(store.view.at(i)));
      this.attention.arrived(entered);
    }
    if (before !== store.view.length || result.added) this.repaint();
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
    this.status.set('resumed', `resumed: ${count} (ids ${gap.from}–${gap.to} no longer held)`);
  }

  onHello(hello) {
    this.serverSays = hello;
  }

  /**
   * Fetches recent history for this tab's filter once the shared stream covers it, so nothing
   * falls between the two; `merge` when a wider filter must join what is held.
   */
  async backfill(merge) {
    const { store, list } = this;
    this.filling = true;
    await Promise.race([this.covered(), new Promise((r) => setTimeout(r, COVER_WAIT))]);
    try {
      const params = this.filter().serverParams();
      params.set('limit', '1000');
      const events = await this.session.getJson('api/logs?' + params);
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
    this.repaint();
    this.ready = true;
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

  /** Scrolling up past what the tab holds pages back until something older is shown (10 pages at most). */
  async pageBackUntilShown() {
    if (!this.ready) return;
    for (let pages = 0; pages < 10; pages++) {
      const shown = this.store.view.length;
      let taken = 0;
      try {
        taken = await this.loadOlder();
      } catch {
        return; // the server is not answering: the next scroll tries again
      }
      if (!taken || this.store.view.length > shown) return;
    }
  }

  async pageBack(limit) {
    const { store, list } = this;
    const oldest = store.oldest();
    if (!oldest) return 0;
    const params = this.filter().serverParams();
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
    this.repaint();
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
      const page = await this.session.getPage('api/logs?' + params);
      if (page.events.length || !page.scannedTo) return page.events;
      at = page.scannedTo;
    }
    return [];
  }

  /** Shows the events around `id` (a search result) in place of what is held. */
  async around(id) {
    const older = this.filter().serverParams();
    older.set('limit', '200');
    const before = await this.read(older, 'before', (BigInt(id) + 1n).toString());
    const newer = this.filter().serverParams();
    newer.set('limit', '300');
    const after = await this.read(newer, 'after', id);
    this.showWindow([...before, ...after], id);
  }

  /**
   * Shows history from the time `ms` on (the newest events before it above). Answers the count.
   * The filtered reads start where the seek found the moment, not at either end of the history.
   */
  async at(ms) {
    const anchor = await seek(ms, this.seekReads());
    const older = this.filter().serverParams();
    older.set('limit', '100');
    older.set('to', String(ms - 1));
    const before = await this.read(older, 'before', anchor ? anchor.id : null);
    // from the anchor on; with none (the newest event is older than the moment, though a late
    // producer's clock may have put later ones below it), from the last event before the moment
    const start = anchor ? (BigInt(anchor.id) - 1n).toString() : before.length ? before[before.length - 1].id : null;
    let after = [];
    if (start !== null) {
      const newer = this.filter().serverParams();
      newer.set('limit', '400');
      newer.set('from', String(ms));
      after = await this.read(newer, 'after', start);
    }
    const events = [...before, ...after];
    const first = after.length ? after[0] : before[before.length - 1];
    if (first) this.showWindow(events, first.id);
    return { events: events.length, first };
  }

  /** Unfiltered one-event reads for the time jump's seek (continued while the store is behind). */
  seekReads() {
    const one = async (after) => {
      let at = after;
      for (let i = 0; i < 5; i++) {
        const page = await this.session.getPage('api/logs?limit=1' + (at === null ? '' : '&after=' + at));
        if (page.events.length) return page.events[0];
        if (!page.scannedTo || at === null) return null;
        at = page.scannedTo;
      }
      return null;
    };
    return { oldest: () => one('0'), newest: () => one(null), next: (after) => one(after.toString()) };
  }

  showWindow(events, focusId) {
    const { store, list } = this;
    store.showWindow(events);
    this.olderDone = null;
    list.follow(false);
    list.paused = true;
    list.newCount = 0;
    list.refill();
    const index = store.indexOfId(focusId);
    if (index >= 0) list.moveTo(index);
    this.repaint();
  }

  /** One whole event from history by id (ids are dense on one node), or null. */
  async byId(id) {
    try {
      const after = (BigInt(id) - 1n).toString();
      const events = await this.session.getJson(`api/logs?after=${after}&limit=1`);
      return events.length && events[0].id === String(id) ? events[0] : null;
    } catch {
      return null;
    }
  }
}
