// The controls: level and source chips, logger and search inputs with their toggles, pause, top,
// clear, download, load older, memory budget. Each turns a click into a new filter or a command.
import { RANK } from './filter.js';
import { number, visible } from './text.js';

function debounce(fn, ms) {
  let timer = 0;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

export function installControls(ctx) {
  const { ui } = ctx;
  ui.levels.addEventListener('click', (ev) => {
    const chip = ev.target.closest('[data-level]');
    if (!chip) return;
    const level = chip.dataset.level;
    ctx.applyFilter(ctx.filter.with({ level: ctx.filter.level === level ? 'TRACE' : level }));
  });
  ui.sources.addEventListener('click', (ev) => {
    const chip = ev.target.closest('[data-source]');
    if (!chip) return;
    const s = chip.dataset.source;
    const f = ctx.filter;
    const sources = f.sourceSet.has(s) ? f.sources.filter((x) => x !== s) : [...f.sources, s];
    ctx.applyFilter(f.with({ sources }));
  });
  ui.fieldChips.addEventListener('click', (ev) => {
    if (ev.target.closest('[data-node]')) {
      ctx.applyFilter(ctx.filter.with({ node: '' }));
      return;
    }
    if (ev.target.closest('[data-app]')) {
      ctx.applyFilter(ctx.filter.with({ app: '' }));
      return;
    }
    if (ev.target.closest('[data-trace]')) {
      ctx.applyFilter(ctx.filter.with({ trace: '' }));
      return;
    }
    const chip = ev.target.closest('[data-field]');
    if (!chip) return;
    const fields = { ...ctx.filter.fields };
    delete fields[chip.dataset.field];
    ctx.applyFilter(ctx.filter.with({ fields }));
  });

  const loggerChanged = () => {
    const loggers = ui.logger.value.split(',').map((l) => l.trim()).filter(Boolean);
    if (loggers.join(',') !== ctx.filter.loggers.join(',')) ctx.applyFilter(ctx.filter.with({ loggers }));
  };
  ui.logger.addEventListener('input', debounce(loggerChanged, 300));
  ui.logger.addEventListener('change', loggerChanged);
  ctx.searchChanged = () => {
    if (ui.search.value !== ctx.filter.q) ctx.applyFilter(ctx.filter.with({ q: ui.search.value }));
  };
  ui.search.addEventListener('input', debounce(ctx.searchChanged, 150));
  ui.mode.addEventListener('change', () => ctx.applyFilter(ctx.filter.with({ mode: ui.mode.value })));
  for (const [toggle, key] of [
    [ui.regex, 'regex'],
    [ui.invert, 'invert'],
  ]) {
    toggle.addEventListener('click', () => ctx.applyFilter(ctx.filter.with({ [key]: !ctx.filter[key] })));
  }
  ui.notify.addEventListener('click', async () => {
    const saved = ctx.attention.saved;
    const q = ui.search.value;
    await ctx.attention.notifyFor(saved || !q ? null : { q, regex: ctx.filter.regex });
    syncControls(ctx);
  });
  ui.next.addEventListener('click', () => ctx.nextMatch(1));
  ui.previous.addEventListener('click', () => ctx.nextMatch(-1));

  ui.pause.addEventListener('click', () => ctx.togglePause());
  ui.jump.addEventListener('click', () => ctx.list.bottom());
  ui.top.addEventListener('click', () => ctx.list.top());
  ui.clear.addEventListener('click', () => {
    ctx.store.clear();
    ctx.list.newCount = 0;
    ctx.list.cursor = -1;
    ctx.list.refill();
    ctx.select(null);
  });
  ui.older.addEventListener('click', async () => {
    ui.older.disabled = true;
    try {
      const n = await ctx.feed.loadOlder();
      ui.olderNote.textContent = n ? `${number.format(n)} older loaded` : 'nothing older held by the server (or no room left in memory)';
    } catch {
      ui.olderNote.textContent = 'could not load older events';
    } finally {
      ui.older.disabled = false;
    }
  });
  ui.download.addEventListener('click', () => {
    const blob = new Blob([ctx.store.ndjson()], { type: 'application/x-ndjson' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `livelog-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  });
  ui.memory.addEventListener('change', () => ctx.setBudget(Number(ui.memory.value)));
}

/** Makes the controls show the filter. */
export function syncControls(ctx) {
  const { ui, filter } = ctx;
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
  const saved = ctx.attention.saved;
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
export function showSources(ctx) {
  const names = [...new Set([...ctx.store.sources, ...ctx.filter.sources])].sort();
  ctx.ui.sources.textContent = '';
  for (const name of names) {
    const chip = document.createElement('button');
    chip.type = 'button';
    chip.className = 'chip source-chip';
    chip.dataset.source = name;
    chip.textContent = visible(name);
    ctx.ui.sources.append(chip);
  }
  syncControls(ctx);
}

/** What a filter change does: the address, the view, the stream, and history when wider. */
export function installFiltering(ctx) {
  let backfillTimer = 0;
  ctx.applyFilter = (next) => {
    const previous = ctx.filter;
    ctx.filter = next;
    const query = next.urlParams().toString();
    history.replaceState(null, '', (query ? '?' + query : location.pathname) + location.hash);
    ctx.list.setHighlight(next.re);
    ctx.store.setFilter(next);
    ctx.list.newCount = 0;
    ctx.list.cursor = -1;
    syncControls(ctx);
    ctx.view.schedule();
    if (previous.serverParams().toString() === next.serverParams().toString()) return;
    ctx.hub.filterChanged();
    if (!next.serverSubsetOf(previous)) {
      // wider: the server may hold events this tab never got; fetch them once the stream covers it
      clearTimeout(backfillTimer);
      backfillTimer = setTimeout(() => ctx.feed.backfill(true), 400);
    }
  };
  ctx.nextMatch = (dir) => {
    const i = ctx.store.nextMatch(ctx.list.cursor < 0 ? (dir > 0 ? -1 : ctx.store.view.length) : ctx.list.cursor, dir);
    if (i >= 0) {
      ctx.list.moveTo(i);
      ctx.view.schedule();
    }
  };

  ctx.togglePause = () => {
    const list = ctx.list;
    if (list.paused) {
      list.bottom();
    } else {
      list.follow(false);
      list.paused = true;
    }
    ctx.view.schedule();
  };
}
