// The connection to api/stream: EventSource, plus what EventSource does not do by itself —
// retry with jittered backoff once it gives up (CLOSED after a 5xx or a restart), reconnect at
// once on `online` and when the tab comes back, a watchdog for a stream gone silent, and a state
// that tells the truth.

const BACKOFF_BASE = 1000;
const BACKOFF_CAP = 30000;

export class Connection {
  /**
   * @param {object} o
   * @param {() => URLSearchParams} o.params the server-side filters
   * @param {() => string|null} o.lastId the id of the newest event held
   * @param {(data: string) => void} o.onLogs
   * @param {(sample: object) => void} o.onMetric
   * @param {(gap: {from: string, to: string, count: number}) => void} o.onGap
   * @param {(state: string, text: string) => void} o.onState
   * @param {() => void} o.onSignedOut
   */
  constructor(o) {
    Object.assign(this, o);
    this.es = null;
    this.attempt = 0;
    this.retryMillis = 2000;
    this.retryTimer = 0;
    this.countdown = 0;
    this.lastSeen = performance.now();
    this.metricTimes = [];
    this.stopped = false;
    this.reconnects = 0;
    setInterval(() => this.watch(), 1000);
    window.addEventListener('online', () => this.now('online'));
    window.addEventListener('offline', () => {
      if (!this.stopped) this.onState('reconnecting', 'reconnecting (offline: waiting for the network)');
    });
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && (!this.isOpen() || this.stale())) this.now('visible');
    });
  }

  isOpen() {
    return this.es !== null && this.es.readyState === EventSource.OPEN;
  }

  /** Opens a new EventSource resuming after `lastId` (null: live only). */
  connect(lastId = this.lastId()) {
    if (this.stopped) return;
    this.close();
    const params = this.params();
    if (lastId) params.set('lastEventId', lastId);
    const query = params.toString();
    const es = new EventSource('api/stream' + (query ? '?' + query : ''));
    this.es = es;
    this.lastSeen = performance.now();
    const mine = (fn) => (m) => {
      if (es === this.es) fn(m);
    };
    es.onopen = mine(() => {
      this.attempt = 0;
      this.seen();
      this.onState('connected', 'connected');
    });
    es.onmessage = mine((m) => {
      this.seen();
      try {
        const hello = JSON.parse(m.data);
        if (hello.retryMillis > 0) this.retryMillis = hello.retryMillis;
      } catch {
        // not the greeting
      }
    });
    es.addEventListener('logs', mine((m) => {
      this.seen();
      this.onLogs(m.data);
    }));
    es.addEventListener('metric', mine((m) => {
      this.seen();
      this.metricTimes.push(performance.now());
      if (this.metricTimes.length > 6) this.metricTimes.shift();
      this.onMetric(JSON.parse(m.data));
    }));
    es.addEventListener('gap', mine((m) => {
      this.seen();
      const gap = JSON.parse(m.data);
      gap.count = Number(gap.to) - Number(gap.from) + 1;
      this.onGap(gap);
      this.onState('resumed', `resumed: gap of ${gap.count.toLocaleString('en')} events (ids ${gap.from}–${gap.to} no longer held)`);
    }));
    es.onerror = mine(() => {
      this.attempt++;
      if (es.readyState === EventSource.CLOSED) {
        this.givenUp();
      } else {
        // the browser retries by itself after the server's retry delay
        this.counting(performance.now() + this.retryMillis);
      }
    });
  }

  close() {
    if (this.es) {
      this.es.close();
      this.es = null;
    }
    clearTimeout(this.retryTimer);
  }

  /** Stops for good (signed out). */
  stop() {
    this.stopped = true;
    this.close();
    clearInterval(this.countdown);
  }

  seen() {
    this.lastSeen = performance.now();
  }

  /** How long silence may last: 3 metric periods and a margin (metrics come every few s). */
  silenceLimit() {
    const t = this.metricTimes;
    let period = 5000;
    if (t.length >= 3) {
      const gaps = [];
      for (let i = 1; i < t.length; i++) gaps.push(t[i] - t[i - 1]);
      gaps.sort((a, b) => a - b);
      period = Math.min(60000, Math.max(500, gaps[gaps.length >> 1]));
    }
    return 3 * period + 2000;
  }

  stale() {
    return performance.now() - this.lastSeen > this.silenceLimit();
  }

  watch() {
    if (this.stopped || !this.es) return;
    if (this.es.readyState === EventSource.OPEN && this.stale()) {
      this.reconnects++;
      this.attempt++;
      this.onState('reconnecting', `reconnecting (attempt ${this.attempt}, stream silent for ${Math.round((performance.now() - this.lastSeen) / 1000)} s)`);
      this.metricTimes = [];
      this.connect();
    }
  }

  /** Reconnects right away, when not already open (network back, tab visible). */
  now(why) {
    if (this.stopped) return;
    if (this.isOpen() && !this.stale()) return;
    this.attempt = Math.max(1, this.attempt);
    this.onState('reconnecting', `reconnecting (attempt ${this.attempt}, now: ${why})`);
    this.reconnects++;
    this.connect();
  }

  /** EventSource gave up (a non-200 answer): signed out, or retry with jittered backoff. */
  async givenUp() {
    const es = this.es;
    let status = 0;
    try {
      status = (await fetch('api/stats', { cache: 'no-store' })).status;
    } catch {
      // network down: retry below
    }
    if (es !== this.es || this.stopped) return;
    if (status === 401) {
      this.onSignedOut();
      return;
    }
    const ceiling = Math.min(BACKOFF_CAP, BACKOFF_BASE * 2 ** Math.min(10, this.attempt - 1));
    const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    this.counting(performance.now() + delay);
    this.retryTimer = setTimeout(() => {
      if (es !== this.es) return;
      this.reconnects++;
      this.connect();
    }, delay);
  }

  /** Shows "reconnecting (attempt n, in s)" and counts down until `at`. */
  counting(at) {
    clearInterval(this.countdown);
    const show = () => {
      if (this.isOpen() || this.stopped) {
        clearInterval(this.countdown);
        return;
      }
      if (!navigator.onLine) {
        this.onState('reconnecting', 'reconnecting (offline: waiting for the network)');
        return;
      }
      const left = Math.max(0, Math.ceil((at - performance.now()) / 1000));
      this.onState('reconnecting', `reconnecting (attempt ${this.attempt}, in ${left} s)`);
    };
    show();
    this.countdown = setInterval(show, 500);
  }
}
