// The session and the connection: the state badge, what happens when the session ends, JSON
// fetches that notice it, and the (shared) stream with the server's health shown as it comes.
import { jsonGetter, pageGetter } from './session.js';
import { SharedStream } from './shared.js';
import { number } from './text.js';

export function installConnection(ctx) {
  const { ui } = ctx;
  ctx.setState = (state, text) => {
    ui.status.dataset.state = state;
    ui.status.textContent = text;
  };
  let signedOutAlready = false;
  ctx.signedOut = () => {
    if (signedOutAlready) return;
    signedOutAlready = true;
    ctx.hub.stop();
    ctx.setState('signed-out', 'signed out: the session has ended');
    setTimeout(() => location.assign('login.jsp'), 1500);
  };
  ctx.getJson = jsonGetter(ctx.signedOut);
  ctx.getPage = pageGetter(ctx.signedOut);
  ctx.hub = new SharedStream({
    filter: () => ctx.filter,
    lastId: () => ctx.store.lastId,
    onLogs: (data) => ctx.feed.onLogs(data),
    onGap: (gap) => ctx.feed.onGap(gap),
    onHello: (hello) => {
      ctx.feed.onHello(hello);
      const s = (ms) => `${Math.round(ms / 100) / 10} s`;
      if (hello.healthMillis >= 0) ui.status.title = `${hello.node || 'server'}: health sample every ${s(hello.healthMillis)}, heartbeat every ${s(hello.heartbeatMillis)}`;
    },
    onMetric: (m) => {
      ctx.metrics++;
      const mb = (bytes) => number.format(Math.round(bytes / 1048576));
      const cpu = m.cpuLoad >= 0 ? ` · CPU ${Math.round(m.cpuLoad * 100)} %` : '';
      ui.health.textContent = `heap ${mb(m.heapUsed)} / ${mb(m.heapMax)} MB · threads ${m.threads}${cpu}`;
      ui.health.title = `${m.node || ''} at ${new Date(m.ts).toISOString()} · GC ${m.gcCount} (${m.gcMillis} ms)`;
    },
    onAlert: (a) => {
      if (ctx.toast) ctx.toast(`alert ${a.rule}: ${a.count} events within ${a.windowSeconds} s (ids ${a.firstId} to ${a.lastId})`);
    },
    onState: ctx.setState,
    onSignedOut: ctx.signedOut,
  });
  ui.logout.addEventListener('submit', () => {
    ctx.hub.stop();
    ctx.setState('signed-out', 'signing out');
  });
}
