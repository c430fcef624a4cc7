// The events the page holds: a ring of the last `capacity` events, and the view (the sequence
// numbers of those that pass the client-side filter), both bounded.

export const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];
export const RANK = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };

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
  clear() {
    this.start = this.end = 0;
  }
  /** The index of the first entry >= seq (binary search). */
  lowerBound(seq) {
    let lo = this.start;
    let hi = this.end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.a[mid] < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.start;
  }
}

/**
 * What the user asked to see. Level, sources and loggers are also the stream's and history's
 * server-side filters; the text search runs on the page only, over everything held, so typing
 * never churns the stream and clearing it shows everything at once.
 */
export class Filter {
  constructor({ level = 'TRACE', sources = [], loggers = [], q = '', mode = 'filter' } = {}) {
    this.level = RANK[level] === undefined ? 'TRACE' : level;
    this.sources = [...new Set(sources.filter(Boolean))].sort();
    this.loggers = [...new Set(loggers.map((l) => l.trim()).filter(Boolean))].sort();
    this.q = q;
    this.mode = mode === 'highlight' ? 'highlight' : 'filter';
    this.min = RANK[this.level];
    this.sourceSet = new Set(this.sources);
    this.qre = this.q && this.mode === 'filter' ? new RegExp(escape(this.q), 'i') : null;
  }

  static fromUrl(search) {
    const p = new URLSearchParams(search);
    return new Filter({
      level: (p.get('level') || 'TRACE').toUpperCase(),
      sources: p.getAll('source'),
      loggers: p.getAll('logger'),
      q: p.get('q') || '',
      mode: p.get('mode') || 'filter',
    });
  }

  with(changes) {
    return new Filter({ ...this.plain(), ...changes });
  }

  plain() {
    return { level: this.level, sources: this.sources, loggers: this.loggers, q: this.q, mode: this.mode };
  }

  /** The page's URL query (mode only when it differs from the default). */
  urlParams() {
    const p = this.serverParams();
    if (this.q) p.set('q', this.q);
    if (this.q && this.mode === 'highlight') p.set('mode', 'highlight');
    return p;
  }

  /** The filters the server applies to history and stream. */
  serverParams() {
    const p = new URLSearchParams();
    if (this.min > 0) p.set('level', this.level);
    for (const s of this.sources) p.append('source', s);
    for (const l of this.loggers) p.append('logger', l);
    return p;
  }

  /** True when every event this filter's server side lets through, `wider` lets through too. */
  serverSubsetOf(wider) {
    if (this.min < wider.min) return false;
    if (wider.sources.length && (!this.sources.length || this.sources.some((s) => !wider.sourceSet.has(s)))) {
      return false;
    }
    if (wider.loggers.length && (!this.loggers.length || this.loggers.some((l) => !wider.loggers.some((w) => l.startsWith(w))))) {
      return false;
    }
    return true;
  }

  matches(e) {
    if (e.gap) return true;
    if (RANK[e.level] < this.min) return false;
    if (this.sources.length && !this.sourceSet.has(e.source)) return false;
    if (this.loggers.length) {
      const name = e.logger || '';
      if (!this.loggers.some((l) => name.startsWith(l))) return false;
    }
    if (this.qre && !this.qre.test(e.message || '')) return false;
    return true;
  }
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Store {
  constructor(capacity = 100000) {
    this.capacity = capacity;
    this.ring = new Array(capacity);
    this.total = 0; // sequence number of the next append
    this.floor = 0; // sequence numbers below this were cleared
    this.view = new SeqList();
    this.filter = new Filter();
    this.lastId = null; // id of the newest event held (string)
    this.lastIdNum = -1;
    this.counts = { TRACE: 0, DEBUG: 0, INFO: 0, WARN: 0, ERROR: 0 };
    this.sources = new Set();
    this.loggers = new Set();
  }

  get oldestSeq() {
    return Math.max(this.floor, this.total - this.capacity);
  }

  get held() {
    return this.total - this.oldestSeq;
  }

  get(seq) {
    return this.ring[seq % this.capacity];
  }

  /**
   * Appends events (oldest first), dropping any at or below the newest id held, so a resume never
   * doubles. Answers how many entered the view and how many left its head.
   */
  append(events) {
    let added = 0;
    for (const e of events) {
      if (!e.gap) {
        const id = Number(e.id);
        if (!(id > this.lastIdNum)) continue;
        this.lastIdNum = id;
        this.lastId = e.id;
        if (this.counts[e.level] !== undefined) this.counts[e.level]++;
        if (e.source && this.sources.size < 50) this.sources.add(e.source);
        if (e.logger && this.loggers.size < 500) this.loggers.add(e.logger);
      }
      const seq = this.total++;
      this.ring[seq % this.capacity] = e;
      if (this.filter.matches(e)) {
        this.view.push(seq);
        added++;
      }
    }
    return { added, evicted: this.trim() };
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
    for (let seq = this.oldestSeq; seq < this.total; seq++) {
      if (filter.matches(this.get(seq))) this.view.push(seq);
    }
  }

  /** Forgets everything held (the newest id stays, so the stream resumes where it was). */
  clear() {
    this.ring.fill(undefined);
    this.floor = this.total;
    this.view.clear();
    for (const l of Object.keys(this.counts)) this.counts[l] = 0;
  }

  /** Forgets everything, the newest id too (a wider server filter needs fresh history). */
  reset() {
    this.clear();
    this.lastId = null;
    this.lastIdNum = -1;
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
        const e = events[j++];
        if (this.counts[e.level] !== undefined) this.counts[e.level]++;
        all.push(e);
      }
    }
    const counts = { ...this.counts };
    this.ring = new Array(this.capacity);
    this.total = 0;
    this.floor = 0;
    this.lastId = null;
    this.lastIdNum = -1;
    this.view.clear();
    this.append(all.length > this.capacity ? all.slice(-this.capacity) : all);
    this.counts = counts;
  }

  /** The view's events as NDJSON (gap markers left out). */
  ndjson() {
    const lines = [];
    for (let i = 0; i < this.view.length; i++) {
      const e = this.get(this.view.at(i));
      if (!e.gap) lines.push(JSON.stringify(e));
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
