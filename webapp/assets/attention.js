// Attention while the user looks elsewhere: the unread ERROR/WARN count in the title and the
// favicon while the tab is hidden, an optional desktop notification for a saved search (at most
// one every 15 s), and a throttled "N new errors" announcement for screen readers (instead of a
// live region over every row).
import { searchRegExp, searchable } from './filter.js';

const NOTIFY_EVERY = 15000;

const ANNOUNCE_EVERY = 10000;

export class Attention {
  constructor(announcer) {
    this.announcer = announcer;
    this.title = document.title;
    this.errors = 0;
    this.warnings = 0;
    this.unannounced = 0;
    this.lastAnnounce = 0;
    this.log = []; // what the title and favicon said, and notifications, latest last (for tests)
    this.saved = null; // the saved search that notifies: { q, regex }
    this.pendingMatches = [];
    this.lastNotify = -Infinity;
    try {
      this.saved = JSON.parse(localStorage.getItem('livelog.notify') || 'null');
    } catch {
      this.saved = null;
    }
    this.icon = document.querySelector('link[rel=icon]');
    this.plainIcon = this.icon ? this.icon.href : '';
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.reset();
    });
    setInterval(() => this.announce(), 1000);
  }

  /** Events that entered the view. */
  arrived(events) {
    let errors = 0;
    let warnings = 0;
    for (const e of events) {
      if (e.level === 'ERROR') errors++;
      else if (e.level === 'WARN') warnings++;
    }
    this.unannounced += errors;
    if (document.visibilityState === 'visible' || (!errors && !warnings)) return;
    this.errors += errors;
    this.warnings += warnings;
    this.show();
  }

  /** Saves (or with null forgets) the search to notify about while the tab is hidden. */
  async notifyFor(search) {
    this.saved = search;
    try {
      if (search) localStorage.setItem('livelog.notify', JSON.stringify(search));
      else localStorage.removeItem('livelog.notify');
    } catch {
      // kept for this page only
    }
    if (search && typeof Notification === 'function' && Notification.permission === 'default') {
      await Notification.requestPermission();
    }
  }

  /** Every event this tab took: those the saved search finds notify while the tab is hidden. */
  took(events) {
    if (!this.saved || document.visibilityState === 'visible') return;
    const re = searchRegExp(this.saved.q, this.saved.regex);
    if (!re) return;
    const test = new RegExp(re.source, 'i');
    for (const e of events) if (!e.gap && test.test(searchable(e))) this.pendingMatches.push(e);
    if (!this.pendingMatches.length || performance.now() - this.lastNotify < NOTIFY_EVERY) return;
    const n = this.pendingMatches.length;
    const first = this.pendingMatches[0];
    this.pendingMatches = [];
    this.lastNotify = performance.now();
    const title = `Livelog: ${n.toLocaleString()} new ${n === 1 ? 'match' : 'matches'} for “${this.saved.q}”`;
    this.log.push(`notified ${title}`);
    if (typeof Notification === 'function' && Notification.permission === 'granted') {
      try {
        new Notification(title, { body: (first.message || '').slice(0, 200), tag: 'livelog-search' });
      } catch {
        // notifications refused here: the title and favicon still count
      }
    }
  }

  unread() {
    return this.errors + this.warnings;
  }

  show() {
    const n = this.unread();
    document.title = n ? `(${n.toLocaleString()}) ${this.title}` : this.title;
    if (this.icon) this.icon.href = n ? badge(this.errors ? '#c0283a' : '#8a5a00') : this.plainIcon;
    this.log.push(`${document.title} ${n ? 'badge' : 'plain'}`);
    if (this.log.length > 20) this.log.shift();
  }

  reset() {
    this.errors = 0;
    this.warnings = 0;
    this.show();
  }

  announce() {
    if (!this.unannounced || performance.now() - this.lastAnnounce < ANNOUNCE_EVERY) return;
    const n = this.unannounced;
    this.unannounced = 0;
    this.lastAnnounce = performance.now();
    this.announcer.textContent = `${n.toLocaleString()} new ${n === 1 ? 'error' : 'errors'}`;
  }
}

const badges = new Map();
/** A favicon with a coloured dot, drawn once per colour (a data: URL, allowed by the CSP). */
function badge(color) {
  if (!badges.has(color)) {
    const c = document.createElement('canvas');
    c.width = c.height = 32;
    const g = c.getContext('2d');
    g.fillStyle = '#2f6fd0';
    g.fillRect(4, 6, 24, 4);
    g.fillRect(4, 14, 18, 4);
    g.fillRect(4, 22, 12, 4);
    g.fillStyle = color;
    g.beginPath();
    g.arc(23, 23, 9, 0, 2 * Math.PI);
    g.fill();
    badges.set(color, c.toDataURL('image/png'));
  }
  return badges.get(color);
}
