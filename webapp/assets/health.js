// The server's health as the stream reports it: the latest JVM sample in the header, and the
// periods the server announced (health samples, heartbeats) in the state badge's title.
import { number } from './text.js';

export class ServerHealth {
  /** @param {HTMLElement} sample where the latest sample is shown @param {HTMLElement} badge */
  constructor(sample, badge) {
    this.sample = sample;
    this.badge = badge;
    this.metrics = 0; // samples seen (the test probe reads it)
  }

  /** The stream's opening event. */
  hello(hello) {
    const s = (ms) => `${Math.round(ms / 100) / 10} s`;
    if (hello.healthMillis >= 0) {
      this.badge.title = `${hello.node || 'server'}: health sample every ${s(hello.healthMillis)}, heartbeat every ${s(hello.heartbeatMillis)}`;
    }
  }

  /** One health sample. */
  metric(m) {
    this.metrics++;
    const mb = (bytes) => number.format(Math.round(bytes / 1048576));
    const cpu = m.cpuLoad >= 0 ? ` · CPU ${Math.round(m.cpuLoad * 100)} %` : '';
    this.sample.textContent = `heap ${mb(m.heapUsed)} / ${mb(m.heapMax)} MB · threads ${m.threads}${cpu}`;
    this.sample.title = `${m.node || ''} at ${new Date(m.ts).toISOString()} · GC ${m.gcCount} (${m.gcMillis} ms)`;
  }
}
