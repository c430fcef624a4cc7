// The dashboard's composition root: finds the page's elements, makes the modules and wires them.
// Data flows one way: (shared) stream -> feed -> store (ring + view) -> list, painted once per
// animation frame by the view.
import { AlertRules } from './alerts.js';
import { Attention } from './attention.js';
import { RateChart } from './chart.js';
import { installConnection } from './connection.js';
import { installControls, installFiltering, showSources } from './controls.js';
import { Feed } from './feed.js';
import { Filter } from './filter.js';
import { HistorySearch, installTimeJump } from './history.js';
import { installKeys } from './keys.js';
import { VirtualList } from './list.js';
import { installSelection } from './selection.js';
import { Store } from './store.js';
import { budgetMegabytes, installTheme, installZone, keepBudget } from './settings.js';
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
  searchHistory: 'search-history', found: 'found', foundNote: 'found-note', foundContinue: 'found-continue',
  foundClose: 'found-close', foundList: 'found-list', whenForm: 'when-form', when: 'when', whenNote: 'when-note',
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
  onNearTop: () => pageBack(),
});

/** Scrolling up past what the tab holds pages back through the server's history. */
async function pageBack() {
  if (!ctx.ready) return;
  for (let pages = 0; pages < 10; pages++) {
    const shown = ctx.store.view.length;
    let taken = 0;
    try {
      taken = await ctx.feed.loadOlder();
    } catch {
      return; // the server is not answering: the next scroll tries again
    }
    if (!taken || ctx.store.view.length > shown) return;
  }
}
ctx.list.setHighlight(ctx.filter.re);
ctx.showSources = () => showSources(ctx);

installConnection(ctx);
installFiltering(ctx);
installSelection(ctx);
ctx.historySearch = new HistorySearch(ctx, ui);
installTimeJump(ctx, ui.whenForm, ui.when, ui.whenNote);

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

ctx.alertRules = new AlertRules(
  {
    button: $('alerts-button'), dialog: $('alerts'), text: $('alert-rules'), origin: $('alert-origin'),
    error: $('alert-error'), save: $('alerts-save'), close: $('alerts-close'),
  },
  ctx.toast,
);
ctx.alertRules.probe();

showSources(ctx);
ctx.setState('connecting', 'connecting');
ctx.hub.start();
ctx.feed.backfill(false).then(ctx.permalink);
