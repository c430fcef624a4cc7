// The dashboard: wires the store, the list, the connection, the chart and the controls together.
// Data flows one way: stream -> store (ring + view) -> list, rendered once per animation frame.
import { RateChart } from './chart.js';
import { showDetails } from './details.js';
import { VirtualList } from './list.js';
import { Filter, LEVELS, RANK, Store } from './store.js';
import { Connection } from './stream.js';
import { matcher, number, visible } from './text.js';

const $ = (id) => document.getElementById(id);
const ui = {
  status: $('status'),
  health: $('health'),
  latency: $('latency'),
  levels: $('levels'),
  sources: $('sources'),
  logger: $('logger'),
  loggers: $('loggers'),
  search: $('search'),
  mode: $('search-mode'),
  pause: $('pause'),
  jump: $('jump'),
  shown: $('shown'),
  follow: $('follow-state'),
  details: $('details'),
  help: $('help'),
  theme: $('theme'),
};

const store = new Store(100000);
let filter = Filter.fromUrl(location.search);
store.filter = filter;
const chart = new RateChart($('rate'));
const list = new VirtualList($('viewport'), store, { onSelect: select, onFollowChange: schedule });
list.setHighlight(matcher(filter.q));

// ---- measurements the benchmark and the latency badge read ----------------------------------
const paint = { samples: new Float64Array(20000), n: 0 };
const e2e = { samples: new Float64Array(20000), n: 0 }; // now - ts of each live batch's newest event
const latencies = []; // now - ts of the newest event of recent batches
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

// ---- rendering, batched per animation frame -----------------------------------------------
let frameRequested = false;
let arrivals = []; // performance.now() of batches appended but not yet painted
let knownSources = 0;
let knownLoggers = 0;

let lastFrame = 0;

/**
 * Asks for a render in the next animation frame. Above 2,000 events/s, when every frame would
 * replace every visible row anyway, the list repaints at most 20 times a second (scrolling still
 * renders at once, from the scroll handler).
 */
function schedule() {
  if (frameRequested) return;
  frameRequested = true;
  const wait = chart.lastRate() > 2000 ? lastFrame + 50 - performance.now() : 0;
  if (wait > 0) setTimeout(() => requestAnimationFrame(frame), wait);
  else requestAnimationFrame(frame);
}

function frame() {
  frameRequested = false;
  lastFrame = performance.now();
  list.render();
  showCounts();
  if (arrivals.length) {
    const batch = arrivals;
    arrivals = [];
    afterPaint(() => {
      const t = performance.now();
      for (const a of batch) paint.samples[paint.n++ % paint.samples.length] = t - a;
    });
  }
}

/** Runs fn in the first task after the current frame is painted. */
function afterPaint(fn) {
  const channel = new MessageChannel();
  channel.port1.onmessage = fn;
  channel.port2.postMessage(0);
}

function showCounts() {
  for (const chip of ui.levels.querySelectorAll('[data-level]')) {
    const count = chip.querySelector('.count');
    const text = number.format(store.counts[chip.dataset.level]);
    if (count.textContent !== text) count.textContent = text;
  }
  const shown = `${number.format(store.view.length)} shown · ${number.format(store.held)} held`;
  if (ui.shown.textContent !== shown) ui.shown.textContent = shown;
  if (ui.jump.hidden !== list.following) ui.jump.hidden = list.following;
  const jump = `${number.format(list.newCount)} new — jump to latest`;
  if (ui.jump.textContent !== jump) ui.jump.textContent = jump;
  const follow = list.following ? 'following' : list.paused ? 'paused' : 'paused (scrolled up)';
  if (ui.follow.textContent !== follow) {
    ui.follow.textContent = follow;
    ui.follow.dataset.state = list.following ? 'following' : 'paused';
  }
  const pauseText = list.paused ? 'Resume' : 'Pause';
  if (ui.pause.textContent !== pauseText) {
    ui.pause.textContent = pauseText;
    ui.pause.setAttribute('aria-pressed', String(list.paused));
  }
  if (store.sources.size !== knownSources) showSources();
  if (store.loggers.size !== knownLoggers && store.loggers.size <= 500) {
    knownLoggers = store.loggers.size;
    ui.loggers.textContent = '';
    for (const name of [...store.loggers].sort()) {
      const option = document.createElement('option');
      option.value = name;
      ui.loggers.append(option);
    }
  }
}

// ---- events in ------------------------------------------------------------------------------
function take(events, live) {
  const now = Date.now();
  for (const e of events) chart.add(e.level, live ? now : e.ts);
  if (live && events.length) {
    const latency = now - events[events.length - 1].ts;
    latencies.push(latency);
    e2e.samples[e2e.n++ % e2e.samples.length] = latency;
    if (latencies.length > 50) latencies.shift();
  }
  list.appended(store.append(events));
  schedule();
}

function onLogs(data) {
  arrivals.push(performance.now());
  take(JSON.parse(data), true);
}

function onGap(gap) {
  take([{ gap: true, from: gap.from, to: gap.to, count: gap.count, ts: Date.now() }], false);
}

function onMetric(m) {
  const mb = (bytes) => Math.round(bytes / 1048576);
  const cpu = m.cpuLoad >= 0 ? ` · CPU ${Math.round(m.cpuLoad * 100)} %` : '';
  ui.health.textContent = `heap ${mb(m.heapUsed)} / ${mb(m.heapMax)} MB · threads ${m.threads}${cpu}`;
  ui.health.title = `${m.node || ''} at ${new Date(m.ts).toISOString()} · GC ${m.gcCount} (${m.gcMillis} ms)`;
}

function setState(state, text) {
  ui.status.dataset.state = state;
  ui.status.textContent = text;
}

let signedOutAlready = false;
function signedOut() {
  if (signedOutAlready) return;
  signedOutAlready = true;
  conn.stop();
  setState('signed-out', 'signed out: the session has ended');
  setTimeout(() => location.assign('login.jsp'), 1500);
}

const conn = new Connection({
  params: () => filter.serverParams(),
  lastId: () => store.lastId,
  onLogs,
  onMetric,
  onGap,
  onState: setState,
  onSignedOut: signedOut,
});

class SignedOut extends Error {}

async function getJson(url) {
  const response = await fetch(url, { cache: 'no-store' });
  if (response.status === 401) {
    signedOut();
    throw new SignedOut();
  }
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

/** Backfills recent history with the server-side filters, then opens the stream after it. */
async function backfill(merge) {
  let newest = null;
  try {
    const stats = await getJson('api/stats');
    newest = stats.newestId || null;
    const params = filter.serverParams();
    params.set('limit', '1000');
    const events = await getJson('api/logs?' + params);
    if (merge) {
      store.merge(events);
      list.refill();
      schedule();
    } else {
      take(events, false);
    }
  } catch (e) {
    if (e instanceof SignedOut) return;
    // the server is not answering: the stream's own retries take over
  }
  conn.connect(store.lastId || newest);
  ready = true;
}
let ready = false;

// ---- filters --------------------------------------------------------------------------------
let reconnectTimer = 0;

function applyFilter(next) {
  const previous = filter;
  filter = next;
  const url = next.urlParams().toString();
  history.replaceState(null, '', url ? '?' + url : location.pathname);
  list.setHighlight(matcher(next.q));
  store.setFilter(next);
  list.newCount = 0;
  syncControls();
  schedule();
  const serverChanged = previous.serverParams().toString() !== next.serverParams().toString();
  if (!serverChanged) return;
  clearTimeout(reconnectTimer);
  if (next.serverSubsetOf(previous)) {
    // narrower: what is held already has everything; resume the stream after it
    reconnectTimer = setTimeout(() => conn.connect(), 400);
  } else {
    // wider: the server may hold events the page never got; fetch them, then resume
    conn.close();
    setState('connecting', 'connecting (filters widened: fetching history)');
    reconnectTimer = setTimeout(() => backfill(true), 400);
  }
}

function syncControls() {
  for (const chip of ui.levels.querySelectorAll('[data-level]')) {
    const on = RANK[chip.dataset.level] >= filter.min;
    chip.classList.toggle('on', on);
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
}

function showSources() {
  const names = [...new Set([...store.sources, ...filter.sources])].sort();
  knownSources = store.sources.size;
  ui.sources.textContent = '';
  for (const name of names) {
    const chip = document.createElement('button');
    chip.type = 'button';
    chip.className = 'chip source-chip';
    chip.dataset.source = name;
    chip.textContent = visible(name);
    ui.sources.append(chip);
  }
  syncControls();
}

ui.levels.addEventListener('click', (ev) => {
  const chip = ev.target.closest('[data-level]');
  if (!chip) return;
  const level = chip.dataset.level;
  applyFilter(filter.with({ level: filter.level === level ? 'TRACE' : level }));
});
ui.sources.addEventListener('click', (ev) => {
  const chip = ev.target.closest('[data-source]');
  if (!chip) return;
  const s = chip.dataset.source;
  const sources = filter.sourceSet.has(s) ? filter.sources.filter((x) => x !== s) : [...filter.sources, s];
  applyFilter(filter.with({ sources }));
});

function debounce(fn, ms) {
  let timer = 0;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}
const loggerChanged = () => {
  const loggers = ui.logger.value.split(',').map((l) => l.trim()).filter(Boolean);
  if (loggers.join(',') !== filter.loggers.join(',')) applyFilter(filter.with({ loggers }));
};
ui.logger.addEventListener('input', debounce(loggerChanged, 300));
ui.logger.addEventListener('change', loggerChanged);
const searchChanged = () => {
  if (ui.search.value !== filter.q) applyFilter(filter.with({ q: ui.search.value }));
};
ui.search.addEventListener('input', debounce(searchChanged, 150));
ui.mode.addEventListener('change', () => applyFilter(filter.with({ mode: ui.mode.value })));

// ---- follow, pause, clear, details, download ----------------------------------------------
function togglePause() {
  if (list.paused) {
    list.bottom();
  } else {
    list.follow(false);
    list.paused = true;
  }
  schedule();
}
ui.pause.addEventListener('click', togglePause);
ui.jump.addEventListener('click', () => list.bottom());
$('top').addEventListener('click', () => list.top());
$('clear').addEventListener('click', () => {
  store.clear();
  list.newCount = 0;
  list.refill();
  select(null);
  schedule();
});

function select(id) {
  list.selectedId = id;
  list.refill();
  const index = id === null ? -1 : store.indexOfId(id);
  showDetails(ui.details, index < 0 ? null : store.get(store.view.at(index)));
  schedule();
}

$('download').addEventListener('click', () => {
  const blob = new Blob([store.ndjson()], { type: 'application/x-ndjson' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `livelog-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
});

$('logout-form').addEventListener('submit', () => {
  conn.stop();
  setState('signed-out', 'signing out');
});

// ---- theme ----------------------------------------------------------------------------------
const THEMES = ['system', 'light', 'dark'];
function theme(name) {
  if (name === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = name;
  try {
    localStorage.setItem('livelog.theme', name);
  } catch {
    // storage refused: the choice lasts for this page only
  }
  ui.theme.textContent = `Theme: ${name}`;
  ui.theme.dataset.theme = name;
  chart.theme();
}
function storedTheme() {
  try {
    return localStorage.getItem('livelog.theme') || 'system';
  } catch {
    return 'system';
  }
}
ui.theme.addEventListener('click', () => theme(THEMES[(THEMES.indexOf(ui.theme.dataset.theme) + 1) % THEMES.length]));
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => chart.theme());

// ---- keyboard -------------------------------------------------------------------------------
function toggleHelp(show = ui.help.hidden) {
  ui.help.hidden = !show;
  if (show) $('help-close').focus();
}
$('help-button').addEventListener('click', () => toggleHelp());
$('help-close').addEventListener('click', () => toggleHelp(false));

document.addEventListener('keydown', (ev) => {
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const target = ev.target;
  const typing = target instanceof HTMLElement && target.matches('input, select, textarea');
  if (ev.key === 'Escape') {
    if (!ui.help.hidden) toggleHelp(false);
    else if (target === ui.search || filter.q) {
      ui.search.value = '';
      searchChanged();
      ui.search.blur();
    } else if (!ui.details.hidden) select(null);
    ev.preventDefault();
    return;
  }
  if (typing) return;
  if (ev.key === ' ' && target instanceof HTMLButtonElement) return; // the button's own click
  switch (ev.key) {
    case '/':
      ui.search.focus();
      ui.search.select();
      break;
    case ' ':
      togglePause();
      break;
    case 'g':
      list.top();
      break;
    case 'G':
      list.bottom();
      break;
    case '?':
      toggleHelp();
      break;
    case 't':
      ui.theme.click();
      break;
    default:
      return;
  }
  ev.preventDefault();
});

// ---- the discreet numbers: latency and rate -------------------------------------------------
setInterval(() => {
  chart.draw();
  if (latencies.length) {
    const sorted = [...latencies].sort((a, b) => a - b);
    ui.latency.textContent = `latency ${sorted[sorted.length >> 1]} ms · ${number.format(chart.lastRate())}/s`;
  } else {
    ui.latency.textContent = `${number.format(chart.lastRate())}/s`;
  }
}, 1000);
new ResizeObserver(() => {
  list.resized();
  schedule();
}).observe($('viewport'));

// ---- a read-only hook for tests and the benchmark -------------------------------------------
window.livelog = Object.freeze({
  ready: () => ready,
  held: () => store.held,
  shown: () => store.view.length,
  domRows: () => list.domRows(),
  lastId: () => store.lastId,
  following: () => list.following,
  paused: () => list.paused,
  newCount: () => list.newCount,
  reconnects: () => conn.reconnects,
  streamUrl: () => (conn.es ? conn.es.url : null),
  gaps: () => {
    let n = 0;
    for (let i = 0; i < store.view.length; i++) if (store.get(store.view.at(i)).gap) n++;
    return n;
  },
  viewIds: () => {
    const ids = [];
    for (let i = 0; i < store.view.length; i++) {
      const e = store.get(store.view.at(i));
      if (!e.gap) ids.push(e.id);
    }
    return ids;
  },
  ndjson: () => store.ndjson(),
  filter: () => filter.plain(),
  paintLatencies: () => Array.from(paint.samples.subarray(0, Math.min(paint.n, paint.samples.length))),
  e2eLatencies: () => Array.from(e2e.samples.subarray(0, Math.min(e2e.n, e2e.samples.length))),
  resetPaint: () => {
    paint.n = 0;
    e2e.n = 0;
    longTasks.length = 0;
  },
  longTasks: () => [...longTasks],
  latencies: () => [...latencies],
});

theme(storedTheme());
showSources();
syncControls();
setState('connecting', 'connecting');
backfill(false);
