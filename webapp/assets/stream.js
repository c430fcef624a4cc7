// The connection to api/stream: EventSource, plus what EventSource does not do by itself: retries
// after every error on a jittered backoff (so a restarted server is not hit by every browser at
// the same instant), reconnect at once on `online` and when the tab comes back, a watchdog that
// knows the server's periods from the stream's opening event, and a state that tells the truth.
// Used by the tab that leads (shared-stream.js), or by every tab where tabs cannot share.

const BACKOFF_BASE = 1000;
const BACKOFF_CAP = 30000;
const MARGIN = 2000;

/**
 * How long a healthy stream may stay silent. Comments (`: ping`) fire no EventSource event, so
 * only metric samples prove a quiet stream alive: three health periods and a margin. Without an
 * announced period (an older server), three observed metric periods, and before any are seen a
 * lenient minute and a half; with health samples off (0), no limit.
 */
export function silenceLimit(healthMillis, metricTimes = []) {
  if (healthMillis === 0) return Infinity;
  if (healthMillis > 0) return 3 * healthMillis + MARGIN;
  if (metricTimes.length >= 3) {
    const gaps = [];
    for (let i = 1; i < metricTimes.length; i++) gaps.push(metricTimes[i] - metricTimes[i - 1]);
    gaps.sort((a, b) => a - b);
    return 3 * Math.min(120000, Math.max(500, gaps[gaps.length >> 1])) + MARGIN;
  }
  return 90000;
}

/** The delay before retry number `attempt` (1, 2, ...): jittered, doubling, capped. */
export function backoff(attempt, retryMillis, random = Math.random) {
  const ceiling = attempt <= 1 ? retryMillis : Math.min(BACKOFF_CAP, BACKOFF_BASE * 2 ** Math.min(10, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2 + (attempt <= 1 ? (random() * ceiling) / 2 : 0));
}

export class Connection {
  /**
   * @param {object} o
   * @param {() => URLSearchParams} o.params the server-side filters
   * @param {() => string|null} o.lastId the id to resume after
   * @param {(data: string, id: string) => void} o.onLogs
   * @param {(data: string) => void} o.onMetric
   * @param {(data: string) => void} [o.onAlert] a rule fired (`event: alert`)
   * @param {(gap: object) => void} o.onGap
   * @param {(hello: object) => void} o.onHello the stream's opening event (node and periods)
   * @param {(url: string) => void} o.onOpen
   * @param {(state: string, text: string) => void} o.onState
   * @param {() => void} o.onSignedOut
   */
  constructor(o) {
    Object.assign(this, o);
    this.es = null;
    this.attempt = 0;
    this.retryMillis = 2000;
    this.healthMillis = undefined;
    this.heartbeatMillis = undefined;
    this.retryTimer = 0;
    this.countdown = 0;
    this.lastSeen = performance.now();
    this.metricTimes = [];
    this.stopped = false;
    this.reconnects = 0;
    this.watchTimer = setInterval(() => this.watch(), 1000);
    this.listeners = [
      [window, 'online', () => this.now('online')],
      [
        window,
        'offline',
        () => {
          if (!this.stopped) this.onState('reconnecting', 'reconnecting (offline: waiting for the network)');
        },
      ],
      [
        document,
        'visibilitychange',
        () => {
          if (document.visibilityState === 'visible' && (!this.isOpen() || this.stale())) this.now('visible');
        },
      ],
    ];
    for (const [target, type, fn] of this.listeners) target.addEventListener(type, fn);
  }

  isOpen() {
    return this.es !== null && this.es.readyState === EventSource.OPEN;
  }

  url() {
    return this.es ? this.es.url : null;
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
      this.onOpen(es.url);
    });
    es.onmessage = mine((m) => {
      this.seen();
      let hello;
      try {
        hello = JSON.parse(m.data);
      } catch {
        return; // not the greeting
      }
      if (hello.retryMillis > 0) this.retryMillis = hello.retryMillis;
      if (typeof hello.healthMillis === 'number') this.healthMillis = hello.healthMillis;
      if (typeof hello.heartbeatMillis === 'number') this.heartbeatMillis = hello.heartbeatMillis;
      this.onHello(hello);
    });
    es.addEventListener(
      'logs',
      mine((m) => {
        this.seen();
        this.onLogs(m.data, m.lastEventId);
      }),
    );
    es.addEventListener(
      'metric',
      mine((m) => {
        this.seen();
        this.metricTimes.push(performance.now());
        if (this.metricTimes.length > 6) this.metricTimes.shift();
        this.onMetric(m.data);
      }),
    );
    es.addEventListener(
      'alert',
      mine((m) => {
        this.seen();
        if (this.onAlert) this.onAlert(m.data);
      }),
    );
    es.addEventListener(
      'gap',
      mine((m) => {
        this.seen();
        this.onGap(JSON.parse(m.data));
      }),
    );
    es.onerror = mine(() => {
      // retry on our own jittered schedule rather than the browser's fixed `retry:`
      this.attempt++;
      es.close();
      this.givenUp();
    });
  }

  close() {
    if (this.es) {
      this.es.close();
      this.es = null;
    }
    clearTimeout(this.retryTimer);
  }

  /** Stops for good (signed out, or another tab leads now). */
  stop() {
    this.stopped = true;
    this.close();
    clearInterval(this.countdown);
    clearInterval(this.watchTimer);
    for (const [target, type, fn] of this.listeners) target.removeEventListener(type, fn);
  }

  seen() {
    this.lastSeen = performance.now();
  }

  silenceLimit() {
    return silenceLimit(this.healthMillis, this.metricTimes);
  }

  stale() {
    return performance.now() - this.lastSeen > this.silenceLimit();
  }

  watch() {
    if (this.stopped || !this.es) return;
    // open but silent, or a request that never got its answer (a dead socket reused): replace it
    if (this.es.readyState !== EventSource.CLOSED && this.stale()) {
      this.reconnects++;
      this.attempt++;
      this.onState(
        'reconnecting',
        `reconnecting (attempt ${this.attempt}, stream silent for ${Math.round((performance.now() - this.lastSeen) / 1000)} s)`,
      );
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

  /** The stream failed: signed out, or retry after a jittered backoff. */
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
    const delay = backoff(this.attempt, this.retryMillis);
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
