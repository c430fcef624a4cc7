// The controls: level and source chips, logger and search inputs with their toggles, pause, top,
// clear, download, load older, memory budget. Each turns a click into a new filter (Filters) or a
// command; `sync` makes them show the filter.
import { RANK } from './filter.js';
import { number, visible } from './text.js';

function debounce(fn, ms) {
  let timer = 0;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

/** This tab's filter, and what changing it does: the address, the view, the stream, history. */
export class Filters {
  /**
   * @param {object} o
   * @param {Filter} o.initial the filter the address asked for
   * @param {import('./store.js').Store} o.store
   * @param {import('./list.js').VirtualList} o.list
   * @param {import('./feed.js').Feed} o.feed fetches history when the filter widens
   * @param {{ filterChanged(): void }} o.stream the (shared) stream, reopened when needed
   * @param {() => void} o.repaint
   * @param {() => void} o.changed after every change (the controls show it)
   */
  constructor({ initial, store, list, feed, stream, repaint, changed }) {
    this.current = initial;
    this.store = store;
    this.list = list;
    this.feed = feed;
    this.stream = stream;
    this.repaint = repaint;
    this.changed = changed;
    this.backfillTimer = 0;
    store.setFilter(initial);
    list.setHighlight(initial.re);
  }

  apply(next) {
    const previous = this.current;
    this.current = next;
    const query = next.urlParams().toString();
    history.replaceState(null, '', (query ? '?' + query : location.pathname) + location.hash);
    this.list.setHighlight(next.re);
    this.store.setFilter(next);
    this.list.newCount = 0;
    this.list.cursor = -1;
    this.changed();
    this.repaint();
    if (previous.serverParams().toString() === next.serverParams().toString()) return;
    this.stream.filterChanged();
    if (!next.serverSubsetOf(previous)) {
      // wider: the server may hold events this tab never got; fetch them once the stream covers it
      clearTimeout(this.backfillTimer);
      this.backfillTimer = setTimeout(() => this.feed.backfill(true), 400);
    }
  }

  /** The filter with some of its parts changed, applied. */
  with(parts) {
    this.apply(this.current.with(parts));
  }

  /** Moves the list's cursor to the next (dir 1) or previous (-1) row the search finds. */
  nextMatch(dir) {
    const { store, list } = this;
    const i = store.nextMatch(list.cursor < 0 ? (dir > 0 ? -1 : store.view.length) : list.cursor, dir);
    if (i >= 0) {
      list.moveTo(i);
      this.repaint();
    }
  }
}

export class Controls {
  /**
   * @param {object} o
   * @param {object} o.ui the page's elements
   * @param {Filters} o.filters
   * @param {import('./store.js').Store} o.store
   * @param {import('./list.js').VirtualList} o.list
   * @param {import('./feed.js').Feed} o.feed
   * @param {import('./attention.js').Attention} o.attention the saved search that notifies
   * @param {(id: string|null) => void} o.select shows (null: closes) one event's details
   * @param {(mb: number) => void} o.setBudget
   */
  constructor({ ui, filters, store, list, feed, attention, select, setBudget }) {
    this.ui = ui;
    this.filters = filters;
    this.store = store;
    this.attention = attention;
    ui.levels.addEventListener('click', (ev) => {
      const chip = ev.target.closest('[data-level]');
      if (!chip) return;
      const level = chip.dataset.level;
      filters.with({ level: filters.current.level === level ? 'TRACE' : level });
    });
    ui.sources.addEventListener('click', (ev) => {
      const chip = ev.target.closest('[data-source]');
      if (!chip) return;
      const s = chip.dataset.source;
      const f = filters.current;
      filters.with({ sources: f.sourceSet.has(s) ? f.sources.filter((x) => x !== s) : [...f.sources, s] });
    });
    ui.fieldChips.addEventListener('click', (ev) => {
      for (const key of ['node', 'app', 'trace']) {
        if (ev.target.closest(`[data-${key}]`)) {
          filters.with({ [key]: '' });
          return;
        }
      }
      const chip = ev.target.closest('[data-field]');
      if (!chip) return;
      const fields = { ...filters.current.fields };
      delete fields[chip.dataset.field];
      filters.with({ fields });
    });

    const loggerChanged = () => {
      const loggers = ui.logger.value
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean);
      if (loggers.join(',') !== filters.current.loggers.join(',')) filters.with({ loggers });
    };
    ui.logger.addEventListener('input', debounce(loggerChanged, 300));
    ui.logger.addEventListener('change', loggerChanged);
    ui.search.addEventListener(
      'input',
      debounce(() => this.searchChanged(), 150),
    );
    ui.mode.addEventListener('change', () => filters.with({ mode: ui.mode.value }));
    for (const [toggle, key] of [
      [ui.regex, 'regex'],
      [ui.invert, 'invert'],
    ]) {
      toggle.addEventListener('click', () => filters.with({ [key]: !filters.current[key] }));
    }
    ui.notify.addEventListener('click', async () => {
      const q = ui.search.value;
      await attention.notifyFor(attention.saved || !q ? null : { q, regex: filters.current.regex });
      this.sync();
    });
    ui.next.addEventListener('click', () => filters.nextMatch(1));
    ui.previous.addEventListener('click', () => filters.nextMatch(-1));

    ui.pause.addEventListener('click', () => list.togglePause());
    ui.jump.addEventListener('click', () => list.bottom());
    ui.top.addEventListener('click', () => list.top());
    ui.clear.addEventListener('click', () => {
      store.clear();
      list.newCount = 0;
      list.cursor = -1;
      list.refill();
      select(null);
    });
    ui.older.addEventListener('click', async () => {
      ui.older.disabled = true;
      try {
        const n = await feed.loadOlder();
        ui.olderNote.textContent = n
          ? `${number.format(n)} older loaded`
          : 'nothing older held by the server (or no room left in memory)';
      } catch {
        ui.olderNote.textContent = 'could not load older events';
      } finally {
        ui.older.disabled = false;
      }
    });
    ui.download.addEventListener('click', () => download(store.ndjson()));
    ui.memory.addEventListener('change', () => setBudget(Number(ui.memory.value)));
    const mb = store.budget / 1048576;
    for (const option of ui.memory.options) option.selected = Number(option.value) === mb;
    if (![...ui.memory.options].some((o) => o.selected))
      ui.memory.add(new Option(`${number.format(mb)} MB`, String(mb), true, true));
  }

  /** The search box's text became the filter's (typed, or cleared with Esc). */
  searchChanged() {
    const q = this.ui.search.value;
    if (q !== this.filters.current.q) this.filters.with({ q });
  }

  /** Makes the controls show the filter. */
  sync() {
    const { ui } = this;
    const filter = this.filters.current;
    for (const chip of ui.levels.querySelectorAll('[data-level]')) {
      chip.classList.toggle('on', RANK[chip.dataset.level] >= filter.min);
      chip.setAttribute('aria-pressed', String(chip.dataset.level === filter.level));
    }
    for (const chip of ui.sources.querySelectorAll('[data-source]')) {
      const on = filter.sourceSet.has(chip.dataset.source);
      chip.classList.toggle('on', on);
      chip.setAttribute('aria-pressed', String(on));
    }
    const loggers = filter.loggers.join(', ');
    if (document.activeElement !== ui.logger && ui.logger.value !== loggers) ui.logger.value = loggers;
    if (document.activeElement !== ui.search && ui.search.value !== filter.q) ui.search.value = filter.q;
    ui.mode.value = filter.mode;
    ui.regex.setAttribute('aria-pressed', String(filter.regex));
    ui.invert.setAttribute('aria-pressed', String(filter.invert));
    ui.search.setAttribute('aria-invalid', String(filter.invalid));
    const saved = this.attention.saved;
    ui.notify.setAttribute('aria-pressed', String(!!saved));
    ui.notify.title = saved
      ? `Notifying while hidden about “${saved.q}”; click to stop`
      : 'Notify me while this tab is hidden when the search finds something';
    ui.fieldChips.textContent = '';
    for (const [key, value] of Object.entries(filter.fields)) {
      const chip = document.createElement('button');
      chip.type = 'button';
      chip.className = 'chip field-chip on';
      chip.dataset.field = key;
      chip.title = 'Remove this field filter';
      chip.textContent = `${visible(key)} = ${visible(value)} \u2715`;
      ui.fieldChips.append(chip);
    }
    if (filter.node) {
      const chip = document.createElement('button');
      chip.type = 'button';
      chip.className = 'chip field-chip node-chip on';
      chip.dataset.node = filter.node;
      chip.title = 'Show events from every node again';
      chip.textContent = `node = ${visible(filter.node)} \u2715`;
      ui.fieldChips.append(chip);
    }
    for (const [key, value, title] of [
      ['app', filter.app, 'Show events from every application again'],
      ['trace', filter.trace, 'Show events of every trace again'],
    ]) {
      if (!value) continue;
      const chip = document.createElement('button');
      chip.type = 'button';
      chip.className = `chip field-chip ${key}-chip on`;
      chip.dataset[key] = value;
      chip.title = title;
      chip.textContent = `${key} = ${visible(value)} \u2715`;
      ui.fieldChips.append(chip);
    }
  }

  /** The source chips: every source seen, and those in the filter. */
  showSources() {
    const names = [...new Set([...this.store.sources, ...this.filters.current.sources])].sort();
    this.ui.sources.textContent = '';
    for (const name of names) {
      const chip = document.createElement('button');
      chip.type = 'button';
      chip.className = 'chip source-chip';
      chip.dataset.source = name;
      chip.textContent = visible(name);
      this.ui.sources.append(chip);
    }
    this.sync();
  }
}

/** Saves the text as an NDJSON file (named by the time). */
function download(text) {
  const blob = new Blob([text], { type: 'application/x-ndjson' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `livelog-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
