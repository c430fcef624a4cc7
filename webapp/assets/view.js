// Painting: at most one list render per animation frame (20 a second above 2,000 events/s), the
// counters and labels beside it, and how long each batch took from arrival to paint.
import { number } from './text.js';

export class View {
  /**
   * @param {object} o
   * @param {object} o.ui the page's elements (counters, labels, buttons)
   * @param {import('./store.js').Store} o.store
   * @param {import('./list.js').VirtualList} o.list
   * @param {import('./chart.js').RateChart} o.chart
   * @param {import('./feed.js').Feed} o.feed its arrival times and latencies
   * @param {() => import('./filter.js').Filter} o.filter this tab's filter
   * @param {() => void} o.onSources a source was seen for the first time
   */
  constructor({ ui, store, list, chart, feed, filter, onSources }) {
    this.ui = ui;
    this.store = store;
    this.list = list;
    this.chart = chart;
    this.feed = feed;
    this.filter = filter;
    this.onSources = onSources;
    this.requested = false;
    this.lastFrame = 0;
    this.paint = { samples: new Float64Array(20000), n: 0 };
    this.knownSources = 0;
    this.knownLoggers = 0;
  }

  schedule() {
    if (this.requested) return;
    this.requested = true;
    const wait = this.chart.lastRate() > 2000 ? this.lastFrame + 50 - performance.now() : 0;
    if (wait > 0) setTimeout(() => requestAnimationFrame(() => this.frame()), wait);
    else requestAnimationFrame(() => this.frame());
  }

  frame() {
    this.requested = false;
    this.lastFrame = performance.now();
    this.list.render();
    this.counts();
    const feed = this.feed;
    if (feed.arrivals.length) {
      const batch = feed.arrivals;
      feed.arrivals = [];
      afterPaint(() => {
        const t = performance.now();
        for (const a of batch) this.paint.samples[this.paint.n++ % this.paint.samples.length] = t - a;
      });
    }
  }

  counts() {
    const { ui, store, list } = this;
    const filter = this.filter();
    const set = (node, text) => {
      if (node.textContent !== text) node.textContent = text;
    };
    for (const chip of ui.levels.querySelectorAll('[data-level]')) {
      set(chip.querySelector('.count'), number.format(store.counts[chip.dataset.level]));
    }
    const mb = (store.bytes / 1048576).toFixed(1);
    set(
      ui.shown,
      `${number.format(store.view.length)} shown · ${number.format(store.held)} held (${number.format(Number(mb))} of ${number.format(store.budget / 1048576)} MB)`,
    );
    if (ui.jump.hidden !== list.following) ui.jump.hidden = list.following;
    set(ui.jump, `${number.format(list.newCount)} new — jump to latest`);
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
    let matches = '';
    if (filter.invalid) matches = 'not a valid regex';
    else if (filter.q) matches = `${number.format(store.matched)} ${store.matched === 1 ? 'match' : 'matches'}`;
    set(ui.matches, matches);
    if (store.sources.size !== this.knownSources) {
      this.knownSources = store.sources.size;
      this.onSources();
    }
    if (store.loggers.size !== this.knownLoggers && store.loggers.size <= 500) {
      this.knownLoggers = store.loggers.size;
      ui.loggers.textContent = '';
      for (const name of [...store.loggers].sort()) {
        const option = document.createElement('option');
        option.value = name;
        ui.loggers.append(option);
      }
    }
  }

  /** Once a second: the chart, the latency and rate label, and relative times moved on. */
  tick() {
    this.chart.draw();
    const rate = number.format(this.chart.lastRate());
    const l = this.feed.latencies;
    if (l.length) {
      const sorted = [...l].sort((a, b) => a - b);
      this.ui.latency.textContent = `latency ${sorted[sorted.length >> 1]} ms · ${rate}/s`;
    } else {
      this.ui.latency.textContent = `${rate}/s`;
    }
    if (this.list.zone === 'relative') {
      this.list.refill();
      this.schedule();
    }
  }
}

/** Runs fn in the first task after the current frame is painted. */
function afterPaint(fn) {
  const channel = new MessageChannel();
  channel.port1.onmessage = fn;
  channel.port2.postMessage(0);
}
