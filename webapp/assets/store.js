// The events the page holds: a ring of at most `capacity` events and `budget` bytes (oldest
// evicted first), and the view (the sequence numbers of those that pass the filter). Pure: no DOM,
// no network (tested in the browser by unit.html).
import { Filter } from './filter.js';

/** Characters of a message or stack trace held in the list; the details fetch the whole event. */
export const HOLD_MESSAGE = 4096;
export const HOLD_THROWN = 8192;
/** Bytes kept free while paging back, for the marker that names the newest events let go. */
const MARKER_ROOM = 512;

/** A growable deque of sequence numbers (doubles: exact up to 2^53). */
class SeqList {
  constructor() {
    this.a = new Float64Array(4096);
    this.start = 0;
    this.end = 0;
  }
  get length() {
    return this.end - this.start;
  }
  at(i) {
    return this.a[this.start + i];
  }
  first() {
    return this.a[this.start];
  }
  push(seq) {
    if (this.end === this.a.length) {
      if (this.start > this.a.length / 2) {
        this.a.copyWithin(0, this.start, this.end);
        this.end -= this.start;
        this.start = 0;
      } else {
        const bigger = new Float64Array(this.a.length * 2);
        bigger.set(this.a.subarray(this.start, this.end));
        this.end -= this.start;
        this.start = 0;
        this.a = bigger;
      }
    }
    this.a[this.end++] = seq;
  }
  shift() {
    this.start++;
  }
  last() {
    return this.a[this.end - 1];
  }
  pop() {
    this.end--;
  }
  clear() {
    this.start = this.end = 0;
  }
}

/** A fresh flat copy of the first n characters (a slice would keep the whole string alive). */
function cut(text, n) {
  return JSON.parse(JSON.stringify(text.slice(0, n)));
}

/** About how many bytes an event takes in the JS heap (UTF-16 strings plus object overhead). */
export function sizeOf(e) {
  let chars = (e.message ? e.message.length : 0) + (e.thrown ? e.thrown.length : 0);
  chars += (e.logger ? e.logger.length : 0) + (e.thread ? e.thread.length : 0);
  chars += (e.source ? e.source.length : 0) + (e.node ? e.node.length : 0) + (e.id ? e.id.length : 0);
  if (e.fields) chars += JSON.stringify(e.fields).length * 2; // keys, values and their objects
  return 2 * chars + 240;
}

/** The event as held: long message and stack trace cut, marked `clipped` so the details fetch it. */
export function holdable(e) {
  if (e.gap) return e;
  const longMessage = e.message && e.message.length > HOLD_MESSAGE;
  const longThrown = e.thrown && e.thrown.length > HOLD_THROWN;
  if (!longMessage && !longThrown) return e;
  const held = { ...e, clipped: true };
  if (longMessage) {
    held.message = cut(e.message, HOLD_MESSAGE);
    held.messageLength = e.message.length;
  }
  if (longThrown) {
    held.thrown = cut(e.thrown, HOLD_THROWN);
    held.thrownLength = e.thrown.length;
  }
  return held;
}

export class Store {
  constructor(budget = 64 * 1048576, capacity = 100000) {
    this.capacity = capacity;
    this.budget = budget;
    this.bytes = 0;
    this.ring = new Array(capacity);
    this.total = 0; // sequence number of the next append
    this.floor = 0; // sequence numbers below this were cleared or evicted
    this.pendingGaps = []; // gaps waiting for the time of the first event after them
    this.evicted = 0; // view entries evicted since the last append answered
    this.matched = 0; // events in the view the search finds (for "n matches" and n/N)
    this.view = new SeqList();
    this.filter = new Filter();
    this.lastId = null; // id of the newest event held (string)
    this.lastIdNum = -1;
    this.counts = { TRACE: 0, DEBUG: 0, INFO: 0, WARN: 0, ERROR: 0 };
    this.sources = new Set();
    this.loggers = new Set();
    this.cut = null; // ids let go from the tail while paging back, not yet marked
  }

  get oldestSeq() {
    return this.floor;
  }

  get held() {
    return this.total - this.floor;
  }

  slot(seq) {
    return ((seq % this.capacity) + this.capacity) % this.capacity;
  }

  get(seq) {
    return this.ring[this.slot(seq)];
  }

  /** The oldest event held (not a gap), or undefined. */
  oldest() {
    for (let seq = this.floor; seq < this.total; seq++) {
      const e = this.get(seq);
      if (!e.gap) return e;
    }
    return undefined;
  }

  count(e, delta) {
    if (e.gap) return;
    if (this.counts[e.level] !== undefined) this.counts[e.level] += delta;
  }

  /**
   * Appends events (oldest first), dropping any at or below the newest id held, so a resume never
   * doubles. Answers how many entered the view and how many left its head.
   */
  append(events) {
    let added = 0;
    for (const given of events) {
      let e = given;
      if (!e.gap) {
        const id = Number(e.id);
        if (!(id > this.lastIdNum)) continue;
        this.lastIdNum = id;
        this.lastId = e.id;
        e = holdable(e);
        this.count(e, 1);
        if (e.source && this.sources.size < 50) this.sources.add(e.source);
        if (e.logger && this.loggers.size < 500) this.loggers.add(e.logger);
        for (const gap of this.pendingGaps) gap.toTs = e.ts;
        this.pendingGaps.length = 0;
      } else {
        const before = this.total > this.floor ? this.get(this.total - 1) : null;
        if (before && !before.gap) e.fromTs = before.ts;
        this.pendingGaps.push(e);
      }
      if (this.total - this.floor >= this.capacity) this.evictOne();
      const seq = this.total++;
      this.ring[this.slot(seq)] = e;
      this.bytes += sizeOf(e);
      if (this.filter.matches(e)) {
        this.view.push(seq);
        added++;
        if (this.filter.retest && this.filter.found(e)) this.matched++;
      }
    }
    while (this.bytes > this.budget && this.total - this.floor > 1) this.evictOne();
    return { added, evicted: this.takeEvicted() };
  }

  takeEvicted() {
    const n = this.evicted + this.trim();
    this.evicted = 0;
    return n;
  }

  evictOne() {
    const seq = this.floor;
    const e = this.get(seq);
    this.ring[this.slot(seq)] = undefined;
    this.floor++;
    if (!e) return;
    if (this.view.length && this.view.first() === seq) {
      this.view.shift();
      this.evicted++;
      if (this.filter.retest && this.filter.found(e)) this.matched--;
    }
    this.bytes -= sizeOf(e);
    this.count(e, -1);
  }

  /** Changes the byte budget, evicting oldest first if now over it. */
  setBudget(budget) {
    this.budget = budget;
    while (this.bytes > this.budget && this.total - this.floor > 1) this.evictOne();
    return this.takeEvicted();
  }

  /**
   * Puts older events (oldest first, all older than what is held) before the oldest held. When
   * the budget or capacity is reached, the newest held go to make room (a reader paging back
   * wants what is older): they are named by one `cut` marker at the tail, and live events append
   * after it. Answers how many were taken.
   */
  prepend(events) {
    const oldest = this.oldest();
    const limit = oldest ? Number(oldest.id) : Infinity;
    let taken = 0;
    for (let i = events.length - 1; i >= 0; i--) {
      const e = holdable(events[i]);
      if (!(Number(e.id) < limit)) continue;
      const size = sizeOf(e);
      while (
        (this.bytes + size > this.budget - MARKER_ROOM || this.total - this.floor >= this.capacity - 1) &&
        this.total - this.floor > 1
      ) {
        this.dropNewest();
      }
      if (this.bytes + size > this.budget || this.total - this.floor >= this.capacity) break;
      this.floor--;
      this.ring[this.slot(this.floor)] = e;
      this.bytes += size;
      this.count(e, 1);
      if (this.lastIdNum < 0) {
        this.lastIdNum = Number(e.id);
        this.lastId = e.id;
      }
      taken++;
    }
    this.markCut();
    if (taken) this.setFilter(this.filter);
    return taken;
  }

  /** Lets the newest held event (or marker) go, remembering the ids it covered in `cut`. */
  dropNewest() {
    const seq = this.total - 1;
    const e = this.get(seq);
    this.ring[this.slot(seq)] = undefined;
    this.total--;
    if (!e) return;
    if (this.view.length && this.view.last() === seq) {
      this.view.pop();
      if (this.filter.retest && this.filter.found(e)) this.matched--;
    }
    this.bytes -= sizeOf(e);
    this.count(e, -1);
    const from = e.gap ? e.from : e.id;
    const to = e.gap ? e.to : e.id;
    const missed = e.gap ? e.missed || 0 : 1;
    this.cut = this.cut ? { from, to: this.cut.to, missed: this.cut.missed + missed } : { from, to, missed };
  }

  /** Puts the marker for what `dropNewest` let go at the tail (once). */
  markCut() {
    if (!this.cut) return;
    const { from, to, missed } = this.cut;
    this.cut = null;
    const before = this.total > this.floor ? this.get(this.total - 1) : null;
    const marker = { gap: true, cut: true, from, to, ts: before && !before.gap ? before.ts : Date.now() };
    if (before && !before.gap) marker.fromTs = before.ts;
    if (missed) marker.letGo = missed;
    const seq = this.total++;
    this.ring[this.slot(seq)] = marker;
    this.bytes += sizeOf(marker);
    if (this.filter.matches(marker)) this.view.push(seq);
  }

  /**
   * Holds only `events` (oldest first: a window somewhere in history, for a time jump or a search
   * result) followed by a `cut` marker for the newer ids this tab had; live events append after it.
   */
  showWindow(events) {
    const newest = this.lastIdNum;
    const newestId = this.lastId;
    this.reset();
    this.append(events);
    const last = this.lastIdNum;
    if (newest > last) {
      this.cut = { from: String(last + 1), to: newestId, missed: 0 };
      this.markCut();
      this.lastIdNum = newest;
      this.lastId = newestId;
    }
  }

  reset() {
    this.ring = new Array(this.capacity);
    this.total = 0;
    this.floor = 0;
    this.bytes = 0;
    this.lastId = null;
    this.lastIdNum = -1;
    this.view.clear();
    this.matched = 0;
    this.pendingGaps.length = 0;
    this.cut = null;
    for (const l of Object.keys(this.counts)) this.counts[l] = 0;
  }

  trim() {
    const oldest = this.oldestSeq;
    let evicted = 0;
    while (this.view.length && this.view.first() < oldest) {
      this.view.shift();
      evicted++;
    }
    return evicted;
  }

  setFilter(filter) {
    this.filter = filter;
    this.view.clear();
    this.matched = 0;
    for (let seq = this.oldestSeq; seq < this.total; seq++) {
      const e = this.get(seq);
      if (filter.matches(e)) {
        this.view.push(seq);
        if (filter.retest && filter.found(e)) this.matched++;
      }
    }
  }

  /** The next (dir 1) or previous (dir -1) view index from `from` whose event the search finds. */
  nextMatch(from, dir) {
    if (!this.filter.retest) return -1;
    const n = this.view.length;
    for (let k = 1; k <= n; k++) {
      const i = (((from + dir * k) % n) + n) % n;
      if (this.filter.found(this.get(this.view.at(i)))) return i;
    }
    return -1;
  }

  /** Forgets everything held (the newest id stays, so the stream resumes where it was). */
  clear() {
    this.ring.fill(undefined);
    this.floor = this.total;
    this.bytes = 0;
    this.pendingGaps.length = 0;
    this.view.clear();
    this.matched = 0;
    for (const l of Object.keys(this.counts)) this.counts[l] = 0;
  }

  /**
   * Merges history fetched for a wider filter with what is held: one list ordered by id, no
   * duplicates, the newest `capacity` kept. Counters grow by the events that were new.
   */
  merge(events) {
    const held = [];
    for (let seq = this.oldestSeq; seq < this.total; seq++) held.push(this.get(seq));
    const key = (e) => (e.gap ? Number(e.from) - 0.5 : Number(e.id));
    // both lists are in id order: one linear merge, dropping ids already held
    const all = [];
    let i = 0;
    let j = 0;
    while (i < held.length || j < events.length) {
      if (j >= events.length || (i < held.length && key(held[i]) <= key(events[j]))) {
        const e = held[i++];
        if (!e.gap && j < events.length && events[j].id === e.id) j++;
        all.push(e);
      } else {
        all.push(events[j++]);
      }
    }
    this.reset();
    this.append(all.length > this.capacity ? all.slice(-this.capacity) : all);
  }

  /** The view's events as NDJSON (gap markers left out; clipped events as held). */
  ndjson() {
    const lines = [];
    for (let i = 0; i < this.view.length; i++) {
      const e = this.get(this.view.at(i));
      if (!e.gap)
        lines.push(
          JSON.stringify(e, (k, v) =>
            k === 'clipped' || k === 'messageLength' || k === 'thrownLength' ? undefined : v,
          ),
        );
    }
    return lines.length ? lines.join('\n') + '\n' : '';
  }

  /** The view index of the event with this id, or -1. */
  indexOfId(id) {
    const n = Number(id);
    for (let i = this.view.length - 1; i >= 0; i--) {
      const e = this.get(this.view.at(i));
      if (!e.gap && Number(e.id) === n) return i;
      if (!e.gap && Number(e.id) < n) break;
    }
    return -1;
  }
}
