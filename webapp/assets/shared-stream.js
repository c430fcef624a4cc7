// One stream per browser (ADR 0012): the tabs elect a leader that holds it. Tabs of one browser share one api/stream: the tab that holds
// a Web Lock leads, owns the EventSource and relays what arrives over a BroadcastChannel; the
// others listen. The stream's server filter is the union of the tabs' filters, each tab filters
// what it shows. When the leader goes (closed, crashed, discarded), the lock passes to another tab,
// which resumes after the last id relayed: no gap, no duplicate. An insecure origin (plain HTTP to
// a host other than localhost) has no Web Locks: there the tabs elect a leader over the channel
// itself (a lease: the leader is heard at least every few seconds; the smallest tab id wins a
// tie). Without BroadcastChannel each tab keeps its own stream.
import { Filter, union } from './filter.js';
import { Connection } from './stream.js';

const FOLLOWER_MARGIN = 5000;
const CLAIM_WAIT = 300;
const LEASE = 3000;

/** How tabs elect the one that holds the stream: Web Locks, a lease over the channel, or none. */
function electionMode() {
  if (typeof BroadcastChannel !== 'function') return 'alone';
  let forced = null;
  try {
    forced = localStorage.getItem('livelog.election'); // 'lease' lets tests try the fallback
  } catch {
    forced = null;
  }
  if (forced === 'lease' || !(navigator.locks && navigator.locks.request)) return 'lease';
  return 'locks';
}

// what only the leader sends: hearing any of it proves the leader alive
const FROM_LEADER = new Set(['who', 'logs', 'metric', 'alert', 'gap', 'hello-server', 'state', 'open', 'signed-out']);

export class SharedStream {
  /**
   * @param {object} o
   * @param {() => Filter} o.filter this tab's filter
   * @param {() => string|null} o.lastId the newest id this tab holds
   * @param {(data: string) => void} o.onLogs
   * @param {(sample: object) => void} o.onMetric
   * @param {(alert: object) => void} [o.onAlert]
   * @param {(gap: object) => void} o.onGap
   * @param {(hello: object) => void} o.onHello
   * @param {(state: string, text: string) => void} o.onState
   * @param {() => void} o.onSignedOut
   * @param {(options: object) => Connection} [o.connect] opens the stream (tests pass a fake)
   * @param {string} [o.name] the channel and lock the tabs share (default: one per application)
   * @param {string} [o.mode] how tabs elect: 'locks', 'lease' or 'alone' (default: what works here)
   */
  constructor(o) {
    this.o = o;
    this.connect = o.connect || ((options) => new Connection(options));
    this.tab = Math.random().toString(36).slice(2) + Date.now().toString(36);
    this.name = o.name || 'livelog-stream:' + new URL('.', location.href).pathname;
    this.mode = o.mode || electionMode();
    this.shared = this.mode !== 'alone';
    this.leader = false;
    this.conn = null;
    this.tabs = new Map(); // leader only: tab -> server params of its filter
    this.current = null; // the server params of the stream now open (string), as last announced
    this.relayedId = null; // the newest id seen on the stream, here or relayed
    this.limit = 90000; // how long the stream may be silent (from the leader)
    this.heard = performance.now(); // when the leader was last heard from
    this.heardLeader = false;
    this.claiming = false;
    this.waiters = [];
    this.unionTimer = 0;
    this.followerReconnects = 0;
    this.url = null;
    this.stopped = false;
  }

  get reconnects() {
    return this.conn ? this.conn.reconnects : this.followerReconnects;
  }

  streamUrl() {
    return this.conn ? this.conn.url() : this.url;
  }

  role() {
    return !this.shared ? 'alone' : this.leader ? 'leader' : 'follower';
  }

  start() {
    if (!this.shared) {
      this.lead();
      return;
    }
    this.channel = new BroadcastChannel(this.name);
    this.channel.onmessage = (m) => this.receive(m.data);
    this.post({ t: 'hello', tab: this.tab, params: this.params() });
    this.o.onState('connecting', "connecting (joining this browser's stream)");
    addEventListener('pagehide', () => {
      this.post({ t: 'bye', tab: this.tab });
      if (this.leader && this.mode === 'lease') this.post({ t: 'resign', tab: this.tab });
    });
    if (this.mode === 'locks') {
      this.requestLock(false);
    } else {
      this.post({ t: 'seek' }); // a leader answers at once
      setTimeout(() => this.claim(), CLAIM_WAIT);
    }
    this.followTimer = setInterval(() => this.watchLeader(), 1000);
  }

  /**
   * Lease mode: how long the leader may go unheard before another tab challenges it with a claim.
   * Short, because a leader that lives answers a claim at once (messages reach a hidden tab even
   * when its timers run once a minute); only a leader that is gone lets the claim win.
   */
  lease() {
    return LEASE;
  }

  /** Lease mode: asks to lead; leads unless a leader or a tab with a smaller id answers. */
  claim() {
    if (this.leader || this.stopped || this.claiming) return;
    if (this.heardLeader && performance.now() - this.heard < this.lease()) return;
    this.claiming = true;
    this.beaten = false;
    this.post({ t: 'claim', tab: this.tab });
    setTimeout(() => {
      this.claiming = false;
      if (this.beaten || this.leader || this.stopped) return;
      if (this.heardLeader && performance.now() - this.heard < this.lease()) return;
      this.lead();
      this.post({ t: 'lead', tab: this.tab });
    }, CLAIM_WAIT);
  }

  requestLock(steal) {
    const options = steal ? { steal: true } : {};
    navigator.locks
      .request(this.name, options, () => {
        if (this.stopped) return undefined;
        this.lead();
        return new Promise((resolve) => {
          this.release = resolve;
        });
      })
      .catch(() => this.stepDown()); // stolen by a tab that heard nothing from us
  }

  params() {
    return this.o.filter().serverParams().toString();
  }

  post(message) {
    if (this.channel && !this.stopped) this.channel.postMessage(message);
  }

  /** This tab leads: it opens the stream, for the union of the filters of the tabs it hears of. */
  lead() {
    if (this.leader || this.stopped) return;
    this.leader = true;
    this.tabs.clear();
    this.tabs.set(this.tab, this.params());
    this.post({ t: 'who' });
    this.conn = this.connect({
      params: () => new URLSearchParams(this.unionParams()),
      lastId: () => this.resumeId(),
      onLogs: (data, id) => {
        this.relayedId = id;
        this.post({ t: 'logs', data, id });
        this.o.onLogs(data);
      },
      onMetric: (data) => {
        this.post({ t: 'metric', data });
        this.o.onMetric(JSON.parse(data));
      },
      onAlert: (data) => {
        this.post({ t: 'alert', data });
        if (this.o.onAlert) this.o.onAlert(JSON.parse(data));
      },
      onGap: (gap) => {
        this.post({ t: 'gap', gap });
        this.o.onGap(gap);
      },
      onHello: (hello) => {
        this.hello = hello;
        this.post({ t: 'hello-server', hello });
        this.o.onHello(hello);
        if (this.conn && this.conn.isOpen()) this.announce();
      },
      onOpen: (url) => {
        this.current = new URL(url).searchParams;
        this.current.delete('lastEventId');
        this.current = this.current.toString();
        this.announce();
        this.settle();
      },
      onState: (state, text) => {
        this.state = { t: 'state', state, text };
        this.post(this.state);
        this.o.onState(state, text);
      },
      onSignedOut: () => {
        this.post({ t: 'signed-out' });
        this.o.onSignedOut();
      },
    });
    // give the other tabs a moment to answer "who", so the first stream already serves them all
    setTimeout(() => this.conn && this.conn.connect(), this.shared ? 150 : 0);
  }

  resumeId() {
    const mine = this.o.lastId();
    if (!this.relayedId) return mine;
    if (!mine) return this.relayedId;
    return Number(mine) > Number(this.relayedId) ? mine : this.relayedId;
  }

  unionParams() {
    const filters = [...this.tabs.values()].map((p) => Filter.fromUrl('?' + p));
    return union(filters).serverParams().toString();
  }

  /** Tells the other tabs what the stream is now: its filter, its state, the server's periods. */
  announce() {
    if (this.state) this.post(this.state);
    if (this.hello) this.post({ t: 'hello-server', hello: this.hello });
    const limit = this.conn.silenceLimit();
    this.post({ t: 'open', params: this.current, url: this.conn.url(), limit: Number.isFinite(limit) ? limit : null });
  }

  /** The stream to open changed (a tab came, went or changed its filter): reopen, soon. */
  recompute() {
    clearTimeout(this.unionTimer);
    this.unionTimer = setTimeout(() => {
      if (!this.leader || !this.conn) return;
      if (this.unionParams() !== this.current) this.conn.connect();
      else if (this.conn.isOpen()) this.announce();
    }, 200);
  }

  stepDown() {
    if (!this.leader) return;
    this.leader = false;
    if (this.conn) this.conn.stop();
    this.conn = null;
    this.heard = performance.now();
    this.heardLeader = true;
  }

  receive(m) {
    if (this.stopped) return;
    if (this.mode === 'lease' && this.leaseMessage(m)) return;
    if (this.leader) {
      if (m.t === 'hello') {
        this.tabs.set(m.tab, m.params);
        this.recompute();
      } else if (m.t === 'bye') {
        this.tabs.delete(m.tab);
        this.recompute();
      }
      return;
    }
    if (FROM_LEADER.has(m.t)) {
      this.heard = performance.now();
      this.heardLeader = true;
    }
    switch (m.t) {
      case 'who':
        this.post({ t: 'hello', tab: this.tab, params: this.params() });
        break;
      case 'logs':
        this.relayedId = m.id;
        this.o.onLogs(m.data);
        break;
      case 'metric':
        this.o.onMetric(JSON.parse(m.data));
        break;
      case 'alert':
        if (this.o.onAlert) this.o.onAlert(JSON.parse(m.data));
        break;
      case 'gap':
        this.o.onGap(m.gap);
        break;
      case 'hello-server':
        this.o.onHello(m.hello);
        break;
      case 'state':
        this.o.onState(m.state, m.text);
        break;
      case 'open':
        if (this.url !== null && this.url !== m.url) this.followerReconnects++;
        this.url = m.url;
        this.current = m.params;
        this.limit = m.limit === null ? Infinity : m.limit;
        this.settle();
        break;
      case 'signed-out':
        this.o.onSignedOut();
        break;
      default:
    }
  }

  /** Lease mode: the election's own messages; answers whether the message is handled. */
  leaseMessage(m) {
    switch (m.t) {
      case 'lead':
        if (this.leader && m.tab < this.tab)
          this.stepDown(); // two leaders: the smaller id stays
        else if (this.leader) this.post({ t: 'lead', tab: this.tab });
        if (!this.leader) {
          this.heard = performance.now();
          this.heardLeader = true;
          if (this.claiming && m.tab !== this.tab) this.beaten = true;
        }
        return true;
      case 'claim':
        if (this.leader) this.post({ t: 'lead', tab: this.tab });
        else if (this.claiming && m.tab < this.tab) this.beaten = true;
        return true;
      case 'resign':
        if (!this.leader) {
          this.heardLeader = false;
          this.heard = -Infinity;
          this.claim();
        }
        return true;
      case 'seek':
        if (this.leader) this.post({ t: 'lead', tab: this.tab });
        return true;
      default:
        return false;
    }
  }

  /** This tab's filter changed: the leader may have to widen the stream. */
  filterChanged() {
    if (!this.shared) {
      if (this.conn) this.conn.connect();
      return;
    }
    if (this.leader) {
      this.tabs.set(this.tab, this.params());
      this.recompute();
    } else {
      this.post({ t: 'hello', tab: this.tab, params: this.params() });
    }
  }

  covered() {
    if (this.current === null) return false;
    if (this.leader && !(this.conn && this.conn.isOpen())) return false;
    return this.o.filter().serverSubsetOf(Filter.fromUrl('?' + this.current));
  }

  /** Resolves once the open stream carries every event this tab's filter lets through. */
  whenCovered() {
    if (this.covered()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  settle() {
    if (!this.covered()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** A follower that hears nothing for longer than the stream may be silent takes over. */
  watchLeader() {
    if (this.stopped) return;
    if (this.mode === 'lease') {
      if (this.leader) this.post({ t: 'lead', tab: this.tab });
      else this.claim();
      return;
    }
    if (this.leader) return;
    if (document.visibilityState !== 'visible') return;
    if (performance.now() - this.heard > this.limit + FOLLOWER_MARGIN) {
      this.heard = performance.now();
      this.o.onState('reconnecting', 'reconnecting (the tab that held the stream went silent)');
      this.requestLock(true);
    }
  }

  stop() {
    this.stopped = true;
    clearInterval(this.followTimer);
    if (this.conn) this.conn.stop();
    if (this.release) this.release();
    if (this.channel) this.channel.close();
  }
}
