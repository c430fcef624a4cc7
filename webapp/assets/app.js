// The dashboard's composition root: finds the page's elements, makes the modules and wires them.
// Data flows one way: (shared) stream -> feed -> store (ring + view) -> list, painted once per
// animation frame by the view.
import { Attention } from './attention.js';
import { RateChart } from './chart.js';
import { installControls, showSources, syncControls } from './controls.js';
import { Details, asLine } from './details.js';
import { Feed } from './feed.js';
import { Filter } from './filter.js';
import { installKeys } from './keys.js';
import { VirtualList } from './list.js';
import { copyText, jsonGetter } from './session.js';
import { SharedStream } from './shared.js';
import { Store } from './store.js';
import { budgetMegabytes, installTheme, installZone, keepBudget } from './theme.js';
import { number } from './text.js';
import { View } from './view.js';

const $ = (id) => document.getElementById(id);
const ui = {};
for (const [key, id] of Object.entries({
  status: 'status', health: 'health', latency: 'latency', levels: 'levels', sources: 'sources',
  fieldChips: 'field-chips', logger: 'logger', loggers: 'loggers', search: 'search', mode: 'search-mode',
  regex: 'regex', invert: 'invert', notify: 'notify', next: 'next-match', previous: 'previous-match', matches: 'matches',
  pause: 'pause', top: 'top', clear: 'clear', download: 'download', older: 'older', olderNote: 'older-note',
  memory: 'memory', jump: 'jump', shown: 'shown', follow: 'follow-state', details: 'details', help: 'help',
  helpButton: 'help-button', helpClose: 'help-close', theme: 'theme', zone: 'zone', viewport: 'viewport',
  rate: 'rate', rateText: 'rate-text', announce: 'announce', toast: 'toast', logout: 'logout-form',
})) {
  ui[key] = $(id);
}

const ctx = { ui, ready: false, metrics: 0, filter: Filter.fromUrl(location.search) };
ctx.store = new Store(budgetMegabytes() * 1048576);
ctx.store.filter = ctx.filter;
ctx.chart = new RateChart(ui.rate, ui.rateText);
ctx.view = new View(ctx);
ctx.feed = new Feed(ctx);
ctx.attention = new Attention(ui.announce);
ctx.list = new VirtualList(ui.viewport, ctx.store, {
  onSelect: (id) => ctx.select(id),
  onFollowChange: () => ctx.view.schedule(),
});
ctx.list.setHighlight(ctx.filter.re);
ctx.showSources = () => showSources(ctx);

// ---- session and connection ----------------------------------------------------------------
ctx.setState = (state, text) => {
  ui.status.dataset.state = state;
  ui.status.textContent = text;
};
let signedOutAlready = false;
ctx.signedOut = () => {
  if (signedOutAlready) return;
  signedOutAlready = true;
  ctx.hub.stop();
  ctx.setState('signed-out', 'signed out: the session has ended');
  setTimeout(() => location.assign('login.jsp'), 1500);
};
ctx.getJson = jsonGetter(ctx.signedOut);
ctx.hub = new SharedStream({
  filter: () => ctx.filter,
  lastId: () => ctx.store.lastId,
  onLogs: (data) => ctx.feed.onLogs(data),
  onGap: (gap) => ctx.feed.onGap(gap),
  onHello: (hello) => {
    ctx.feed.onHello(hello);
    const s = (ms) => `${Math.round(ms / 100) / 10} s`;
    if (hello.healthMillis >= 0) ui.status.title = `${hello.node || 'server'}: health sample every ${s(hello.healthMillis)}, heartbeat every ${s(hello.heartbeatMillis)}`;
  },
  onMetric: (m) => {
    ctx.metrics++;
    const mb = (bytes) => number.format(Math.round(bytes / 1048576));
    const cpu = m.cpuLoad >= 0 ? ` · CPU ${Math.round(m.cpuLoad * 100)} %` : '';
    ui.health.textContent = `heap ${mb(m.heapUsed)} / ${mb(m.heapMax)} MB · threads ${m.threads}${cpu}`;
    ui.health.title = `${m.node || ''} at ${new Date(m.ts).toISOString()} · GC ${m.gcCount} (${m.gcMillis} ms)`;
  },
  onState: ctx.setState,
  onSignedOut: ctx.signedOut,
});
ui.logout.addEventListener('submit', () => {
  ctx.hub.stop();
  ctx.setState('signed-out', 'signing out');
});

// ---- filters --------------------------------------------------------------------------------
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

// ---- follow, details, copy, permalinks ------------------------------------------------------
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

let toastTimer = 0;
ctx.toast = (text) => {
  ui.toast.textContent = text;
  ui.toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    ui.toast.hidden = true;
  }, 2500);
};
ctx.copy = async (text, what) => {
  ctx.toast((await copyText(text)) ? `copied ${what}` : `could not copy the ${what}`);
};
ctx.copyLine = (e) => ctx.copy(asLine(e), 'line');

ctx.details = new Details(ui.details, {
  whole: (e) => ctx.feed.byId(e.id),
  onField: (key, value) => ctx.applyFilter(ctx.filter.with({ fields: { ...ctx.filter.fields, [key]: value } })),
  copy: ctx.copy,
  onClose: () => ctx.select(null),
});

/** Shows one event's details (null closes them); the URL's #event=ID follows. */
ctx.select = (id, event) => {
  const list = ctx.list;
  list.selectedId = id;
  list.refill();
  const index = id === null ? -1 : ctx.store.indexOfId(id);
  if (index >= 0) list.cursor = index;
  const e = index >= 0 ? ctx.store.get(ctx.store.view.at(index)) : event || null;
  if (e) ctx.details.show(e);
  else ctx.details.close();
  const hash = e ? '#event=' + encodeURIComponent(e.id) : '';
  if (location.hash !== hash) history.replaceState(null, '', location.pathname + location.search + hash);
  ctx.view.schedule();
};

/** #event=ID: scrolls to the event when held, else fetches it from history. */
async function permalink() {
  const m = /^#event=(\d+)$/.exec(location.hash);
  if (!m) return;
  const id = m[1];
  const index = ctx.store.indexOfId(id);
  if (index >= 0) {
    ctx.select(id);
    ctx.list.moveTo(index);
    ctx.view.schedule();
    return;
  }
  const e = await ctx.feed.byId(id);
  if (e) ctx.select(id, e);
  else ctx.toast(`event ${id} is no longer held by the server`);
}
addEventListener('hashchange', permalink);

ctx.setBudget = (mb) => {
  keepBudget(mb);
  ctx.list.appended({ added: 0, evicted: ctx.store.setBudget(mb * 1048576) });
  ctx.view.schedule();
};

// ---- wiring ---------------------------------------------------------------------------------
installControls(ctx);
installKeys(ctx);
installTheme(ui.theme, () => ctx.chart.theme());
installZone(ui.zone, (zone) => {
  ctx.list.zone = zone;
  ctx.list.refill();
  ctx.view.schedule();
});
for (const option of ui.memory.options) option.selected = Number(option.value) === ctx.store.budget / 1048576;
if (![...ui.memory.options].some((o) => o.selected)) {
  const option = new Option(`${number.format(ctx.store.budget / 1048576)} MB`, String(ctx.store.budget / 1048576), true, true);
  ui.memory.add(option);
}

setInterval(() => {
  ctx.chart.draw();
  const rate = number.format(ctx.chart.lastRate());
  const l = ctx.feed.latencies;
  if (l.length) {
    const sorted = [...l].sort((a, b) => a - b);
    ui.latency.textContent = `latency ${sorted[sorted.length >> 1]} ms · ${rate}/s`;
  } else {
    ui.latency.textContent = `${rate}/s`;
  }
  if (ctx.list.zone === 'relative') {
    ctx.list.refill();
    ctx.view.schedule();
  }
}, 1000);
new ResizeObserver(() => {
  ctx.list.resized();
  ctx.view.schedule();
}).observe(ui.viewport);

let probe = false;
try {
  probe = localStorage.getItem('livelog.probe') === '1';
} catch {
  probe = false;
}
if (probe) import('./probe.js').then((m) => m.installProbe(ctx));

showSources(ctx);
ctx.setState('connecting', 'connecting');
ctx.hub.start();
ctx.feed.backfill(false).then(permalink);
