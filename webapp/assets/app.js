// The dashboard's composition root: finds the page's elements, makes the modules and passes each
// what it needs; no module reaches another except through what it was given here. Data flows one
// way: (shared) stream -> feed -> store (ring + view) -> list, painted once per animation frame by
// the view. Callbacks that name a module made further down (feed, view, stream) run only after
// this file has finished.
import { AlertRules } from './alerts.js';
import { Attention } from './attention.js';
import { RateChart } from './chart.js';
import { Controls, Filters } from './controls.js';
import { Feed } from './feed.js';
import { Filter } from './filter.js';
import { ServerHealth } from './health.js';
import { HistorySearch, installTimeJump } from './history.js';
import { installKeys } from './keys.js';
import { VirtualList } from './list.js';
import { Status, Toast } from './notes.js';
import { Selection } from './selection.js';
import { Session } from './session.js';
import { budgetMegabytes, installTheme, installZone, keepBudget } from './settings.js';
import { SharedStream } from './shared-stream.js';
import { Store } from './store.js';
import { View } from './view.js';

const $ = (id) => document.getElementById(id);
const ui = {};
for (const [key, id] of Object.entries({
  status: 'status',
  health: 'health',
  latency: 'latency',
  levels: 'levels',
  sources: 'sources',
  fieldChips: 'field-chips',
  logger: 'logger',
  loggers: 'loggers',
  search: 'search',
  mode: 'search-mode',
  regex: 'regex',
  invert: 'invert',
  notify: 'notify',
  next: 'next-match',
  previous: 'previous-match',
  matches: 'matches',
  pause: 'pause',
  top: 'top',
  clear: 'clear',
  download: 'download',
  older: 'older',
  olderNote: 'older-note',
  memory: 'memory',
  jump: 'jump',
  shown: 'shown',
  follow: 'follow-state',
  details: 'details',
  help: 'help',
  helpButton: 'help-button',
  helpClose: 'help-close',
  theme: 'theme',
  zone: 'zone',
  viewport: 'viewport',
  rate: 'rate',
  rateText: 'rate-text',
  announce: 'announce',
  toast: 'toast',
  logout: 'logout-form',
  searchHistory: 'search-history',
  found: 'found',
  foundNote: 'found-note',
  foundContinue: 'found-continue',
  foundClose: 'found-close',
  foundList: 'found-list',
  whenForm: 'when-form',
  when: 'when',
  whenNote: 'when-note',
})) {
  ui[key] = $(id);
}

const repaint = () => view.schedule();

const status = new Status(ui.status);
const toast = new Toast(ui.toast);
const session = new Session(status);
const health = new ServerHealth(ui.health, ui.status);
const store = new Store(budgetMegabytes() * 1048576);
const chart = new RateChart(ui.rate, ui.rateText);
const attention = new Attention(ui.announce);
const list = new VirtualList(ui.viewport, store, {
  onSelect: (id) => selection.select(id),
  onFollowChange: repaint,
  onNearTop: () => feed.pageBackUntilShown(),
});
const feed = new Feed({
  store,
  list,
  repaint,
  chart,
  attention,
  status,
  session,
  filter: () => filters.current,
  covered: () => stream.whenCovered(),
});
const view = new View({
  ui,
  store,
  list,
  chart,
  feed,
  filter: () => filters.current,
  onSources: () => controls.showSources(),
});
const stream = new SharedStream({
  filter: () => filters.current,
  lastId: () => store.lastId,
  onLogs: (data) => feed.onLogs(data),
  onGap: (gap) => feed.onGap(gap),
  onHello: (hello) => {
    feed.onHello(hello);
    health.hello(hello);
  },
  onMetric: (sample) => health.metric(sample),
  onAlert: (a) =>
    toast.show(`alert ${a.rule}: ${a.count} events within ${a.windowSeconds} s (ids ${a.firstId} to ${a.lastId})`),
  onState: (state, text) => status.set(state, text),
  onSignedOut: () => session.end(),
});
session.onEnd(() => stream.stop());
const filters = new Filters({
  initial: Filter.fromUrl(location.search),
  store,
  list,
  feed,
  stream,
  repaint,
  changed: () => controls.sync(),
});
const selection = new Selection({ panel: ui.details, store, list, feed, filters, toast, repaint });
const controls = new Controls({
  ui,
  filters,
  store,
  list,
  feed,
  attention,
  select: (id) => selection.select(id),
  setBudget: (mb) => {
    keepBudget(mb);
    list.appended({ added: 0, evicted: store.setBudget(mb * 1048576) });
    repaint();
  },
});
installKeys({ ui, list, store, filters, controls, selection, repaint });
new HistorySearch({ ui, filters, store, list, feed, session, toast });
installTimeJump({ form: ui.whenForm, input: ui.when, note: ui.whenNote, list, feed });
installTheme(ui.theme, () => chart.theme());
installZone(ui.zone, (zone) => {
  list.zone = zone;
  list.refill();
  repaint();
});
const alertRules = new AlertRules(
  {
    button: $('alerts-button'),
    dialog: $('alerts'),
    text: $('alert-rules'),
    origin: $('alert-origin'),
    error: $('alert-error'),
    save: $('alerts-save'),
    close: $('alerts-close'),
  },
  (text) => toast.show(text),
);
ui.logout.addEventListener('submit', () => {
  stream.stop();
  status.set('signed-out', 'signing out');
});

setInterval(() => view.tick(), 1000);
new ResizeObserver(() => {
  list.resized();
  repaint();
}).observe(ui.viewport);

let probe = false;
try {
  probe = localStorage.getItem('livelog.probe') === '1';
} catch {
  probe = false;
}
if (probe)
  import('./probe.js').then((m) => m.installProbe({ store, list, feed, view, stream, filters, health, attention }));

alertRules.probe();
controls.showSources();
status.set('connecting', 'connecting');
stream.start();
feed.backfill(false).then(() => selection.permalink());
