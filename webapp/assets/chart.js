// Events per second by level over the last five minutes, drawn on a canvas as stacked bars, with
// the same numbers as text for assistive technology. Events count at their own time (`ts`), so a
// replay after a reconnect fills the seconds it missed rather than piling up at arrival.
import { LEVELS, RANK } from './filter.js';
import { number } from './text.js';

const SECONDS = 300;

export class RateChart {
  constructor(canvas, text) {
    this.canvas = canvas;
    this.text = text;
    this.buckets = new Uint32Array(SECONDS * LEVELS.length);
    this.stamp = new Float64Array(SECONDS); // which second each slot holds
    this.colors = [];
    this.theme();
    new ResizeObserver(() => this.draw()).observe(canvas);
  }

  /** Counts one event that happened (or arrived) at `ms`. */
  add(level, ms) {
    const second = Math.floor(ms / 1000);
    const now = Math.floor(Date.now() / 1000);
    if (second <= now - SECONDS || second > now + 1) return;
    const slot = second % SECONDS;
    if (this.stamp[slot] !== second) {
      this.stamp[slot] = second;
      this.buckets.fill(0, slot * LEVELS.length, (slot + 1) * LEVELS.length);
    }
    const rank = RANK[level];
    if (rank !== undefined) this.buckets[slot * LEVELS.length + rank]++;
  }

  /** The per-level counts of one second, or zeros. */
  at(second) {
    const slot = second % SECONDS;
    return this.stamp[slot] === second ? this.buckets.subarray(slot * LEVELS.length, (slot + 1) * LEVELS.length) : null;
  }

  /** Events per second over the last full second. */
  lastRate() {
    const counts = this.at(Math.floor(Date.now() / 1000) - 1);
    return counts ? counts.reduce((a, b) => a + b, 0) : 0;
  }

  theme() {
    const style = getComputedStyle(this.canvas);
    this.colors = LEVELS.map((l) => style.getPropertyValue(`--lvl-${l}`).trim() || '#888');
    this.axis = style.getPropertyValue('--muted').trim() || '#888';
    this.draw();
  }

  draw() {
    const c = this.canvas;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(c.clientWidth * dpr));
    const h = Math.max(1, Math.round(c.clientHeight * dpr));
    if (c.width !== w || c.height !== h) {
      c.width = w;
      c.height = h;
    }
    const g = c.getContext('2d');
    g.clearRect(0, 0, w, h);
    const now = Math.floor(Date.now() / 1000);
    let max = 1;
    for (let s = now - SECONDS + 1; s <= now; s++) {
      const counts = this.at(s);
      if (counts)
        max = Math.max(
          max,
          counts.reduce((a, b) => a + b, 0),
        );
    }
    const top = 12 * dpr;
    const barW = w / SECONDS;
    for (let k = 0; k < SECONDS; k++) {
      const counts = this.at(now - SECONDS + 1 + k);
      if (!counts) continue;
      let y = h;
      for (let l = 0; l < LEVELS.length; l++) {
        if (!counts[l]) continue;
        const bh = (counts[l] / max) * (h - top);
        g.fillStyle = this.colors[l];
        g.fillRect(k * barW, y - bh, Math.max(1, barW - 0.5), bh);
        y -= bh;
      }
    }
    g.fillStyle = this.axis;
    g.font = `${10 * dpr}px system-ui, sans-serif`;
    g.textBaseline = 'top';
    g.textAlign = 'left';
    g.fillText(`${number.format(max)}/s`, 2 * dpr, 0);
    g.textAlign = 'right';
    g.fillText('last 5 min', w - 2 * dpr, 0);
    this.describe(now, max);
  }

  /** The chart as a sentence: totals by level over five minutes, the peak and the last second. */
  describe(now, max) {
    if (!this.text) return;
    const totals = new Array(LEVELS.length).fill(0);
    for (let s = now - SECONDS + 1; s <= now; s++) {
      const counts = this.at(s);
      if (counts) for (let l = 0; l < LEVELS.length; l++) totals[l] += counts[l];
    }
    const all = totals.reduce((a, b) => a + b, 0);
    const parts = LEVELS.map((l, i) => `${number.format(totals[i])} ${l}`)
      .reverse()
      .join(', ');
    const text = `Last five minutes: ${number.format(all)} events (${parts}); peak ${number.format(all ? max : 0)} per second; last second ${number.format(this.lastRate())}.`;
    if (this.text.textContent !== text) this.text.textContent = text;
  }
}
