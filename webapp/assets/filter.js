// What the user asked to see. Pure: no DOM, no network (tested in the browser by unit.html).
//
// Level, sources and loggers are also the stream's and history's server-side filters. The search
// (plain or regex, optionally inverted), field filters and the node filter (which cluster node took
// the event in) run on the page only, over everything held, so typing never churns the stream.

export const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];
export const RANK = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };

export function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text a search looks at: message, logger, thread, source, node, app, stack trace and fields. */
export function searchable(e) {
  let text = e.message || '';
  if (e.logger) text += '\n' + e.logger;
  if (e.thread) text += '\n' + e.thread;
  if (e.source) text += '\n' + e.source;
  if (e.node) text += '\n' + e.node;
  if (e.app) text += '\n' + e.app;
  if (e.thrown) text += '\n' + e.thrown;
  if (e.fields) text += '\n' + JSON.stringify(e.fields);
  return text;
}

/** A case-insensitive global matcher for the search, or null when empty or not a valid regex. */
export function searchRegExp(q, regex) {
  if (!q) return null;
  try {
    return new RegExp(regex ? q : escapeRegExp(q), 'gi');
  } catch {
    return null;
  }
}

export class Filter {
  constructor({
    level = 'TRACE',
    sources = [],
    loggers = [],
    q = '',
    mode = 'filter',
    regex = false,
    invert = false,
    fields = {},
    node = '',
    app = '',
    trace = '',
  } = {}) {
    this.level = RANK[level] === undefined ? 'TRACE' : level;
    this.sources = [...new Set(sources.filter(Boolean))].sort();
    this.loggers = [...new Set(loggers.map((l) => l.trim()).filter(Boolean))].sort();
    this.q = q;
    this.mode = mode === 'highlight' ? 'highlight' : 'filter';
    this.regex = !!regex;
    this.invert = !!invert;
    this.node = node || '';
    this.app = app || '';
    this.trace = trace || '';
    this.fields = Object.fromEntries(
      Object.entries(fields)
        .filter(([k]) => k)
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    this.min = RANK[this.level];
    this.sourceSet = new Set(this.sources);
    this.re = searchRegExp(this.q, this.regex);
    this.invalid = !!this.q && !this.re; // a regex that does not compile filters nothing
    this.retest = this.re ? new RegExp(this.re.source, 'i') : null;
    this.qtest = this.mode === 'filter' ? this.retest : null;
  }

  static fromUrl(search) {
    const p = new URLSearchParams(search);
    const fields = {};
    for (const [k, v] of p) if (k.startsWith('f.')) fields[k.slice(2)] = v;
    return new Filter({
      level: (p.get('level') || 'TRACE').toUpperCase(),
      sources: p.getAll('source'),
      loggers: p.getAll('logger'),
      q: p.get('q') || '',
      mode: p.get('mode') || 'filter',
      regex: p.get('regex') === '1',
      invert: p.get('invert') === '1',
      fields,
      node: p.get('node') || '',
      app: p.get('app') || '',
      trace: p.get('trace') || '',
    });
  }

  with(changes) {
    return new Filter({ ...this.plain(), ...changes });
  }

  plain() {
    return {
      level: this.level,
      sources: this.sources,
      loggers: this.loggers,
      q: this.q,
      mode: this.mode,
      regex: this.regex,
      invert: this.invert,
      fields: { ...this.fields },
      node: this.node,
      app: this.app,
      trace: this.trace,
    };
  }

  /** The page's URL query (defaults left out). */
  urlParams() {
    const p = this.serverParams();
    if (this.q) p.set('q', this.q);
    if (this.q && this.mode === 'highlight') p.set('mode', 'highlight');
    if (this.q && this.regex) p.set('regex', '1');
    if (this.q && this.invert) p.set('invert', '1');
    for (const [k, v] of Object.entries(this.fields)) p.set('f.' + k, v);
    if (this.node) p.set('node', this.node);
    if (this.app) p.set('app', this.app);
    if (this.trace) p.set('trace', this.trace);
    return p;
  }

  /** The filters the server applies to history and stream. */
  serverParams() {
    return serverParams(this);
  }

  /** True when every event this filter's server side lets through, `wider` lets through too. */
  serverSubsetOf(wider) {
    if (this.min < wider.min) return false;
    if (wider.sources.length && (!this.sources.length || this.sources.some((s) => !wider.sourceSet.has(s)))) {
      return false;
    }
    if (
      wider.loggers.length &&
      (!this.loggers.length || this.loggers.some((l) => !wider.loggers.some((w) => l.startsWith(w))))
    ) {
      return false;
    }
    return true;
  }

  /** The server-side part only: what the stream and history would send for this filter. */
  serverMatches(e) {
    if (e.gap) return true;
    if (RANK[e.level] < this.min) return false;
    if (this.sources.length && !this.sourceSet.has(e.source)) return false;
    if (this.loggers.length) {
      const name = e.logger || '';
      if (!this.loggers.some((l) => name.startsWith(l))) return false;
    }
    return true;
  }

  /** Whether the search (ignoring invert and mode) finds something in the event. */
  found(e) {
    if (!this.retest || e.gap) return false;
    return this.retest.test(searchable(e));
  }

  matches(e) {
    if (e.gap) return true;
    if (!this.serverMatches(e)) return false;
    if (this.node && e.node !== this.node) return false;
    if (this.app && e.app !== this.app) return false;
    if (this.trace && e.traceId !== this.trace) return false;
    for (const k in this.fields) {
      const v = e.fields ? e.fields[k] : undefined;
      if (v === undefined || String(typeof v === 'object' ? JSON.stringify(v) : v) !== this.fields[k]) return false;
    }
    if (this.qtest && this.qtest.test(searchable(e)) === this.invert) return false;
    return true;
  }
}

function serverParams(f) {
  const p = new URLSearchParams();
  if (f.min > 0) p.set('level', f.level);
  for (const s of f.sources) p.append('source', s);
  for (const l of f.loggers) p.append('logger', l);
  return p;
}

/**
 * The server filter that lets through everything any of these filters' server sides lets
 * through: the lowest level; sources (or loggers) only when every filter names some, then all of
 * them. What one shared stream carries for several tabs (ADR 0012).
 */
export function union(filters) {
  if (!filters.length) return new Filter();
  const min = Math.min(...filters.map((f) => f.min));
  const everySources = filters.every((f) => f.sources.length);
  const everyLoggers = filters.every((f) => f.loggers.length);
  const loggers = everyLoggers ? filters.flatMap((f) => f.loggers) : [];
  // a prefix already covered by a shorter one adds nothing
  const minimal = loggers.filter((l) => !loggers.some((o) => o !== l && l.startsWith(o)));
  return new Filter({
    level: LEVELS[min],
    sources: everySources ? filters.flatMap((f) => f.sources) : [],
    loggers: minimal,
  });
}
