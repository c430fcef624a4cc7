// Attention while the user looks elsewhere: the unread ERROR/WARN count in the title and the
// favicon while the tab is hidden, and a throttled "N new errors" announcement for screen readers
// (instead of a live region over every row).

const ANNOUNCE_EVERY = 10000;

export class Attention {
  constructor(announcer) {
    this.announcer = announcer;
    this.title = document.title;
    this.errors = 0;
    this.warnings = 0;
    this.unannounced = 0;
    this.lastAnnounce = 0;
    this.log = []; // what the title and favicon said, latest last (for tests)
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
