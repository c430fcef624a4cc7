// One event at a time: the details panel, copying, short notes (toasts), and #event=ID links.
import { Details, asLine } from './details.js';
import { copyText } from './session.js';

export function installSelection(ctx) {
  const { ui } = ctx;
  let toastTimer = 0;
  ctx.toast = (text) => {
    ui.toast.textContent = text;
    ui.toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => {
      ui.toast.hidden = true;
    }, 2500);
  };
  ctx.copy = async (text, what) => {
    ctx.toast((await copyText(text)) ? `copied ${what}` : `could not copy the ${what}`);
  };
  ctx.copyLine = (e) => ctx.copy(asLine(e), 'line');

  ctx.details = new Details(ui.details, {
    whole: (e) => ctx.feed.byId(e.id),
    onField: (key, value) => ctx.applyFilter(ctx.filter.with({ fields: { ...ctx.filter.fields, [key]: value } })),
    onNode: (node) => ctx.applyFilter(ctx.filter.with({ node })),
    onApp: (app) => ctx.applyFilter(ctx.filter.with({ app })),
    onTrace: (trace) => ctx.applyFilter(ctx.filter.with({ trace })),
    onLogger: (logger) => moreFrom(logger),
    copy: ctx.copy,
    onClose: () => ctx.select(null),
  });

  /** The operator's "FINE for 10 minutes" on a logger (PUT /api/loggers/{name}). */
  async function moreFrom(logger) {
    let status = 0;
    try {
      const response = await fetch('api/loggers/' + encodeURIComponent(logger), {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ level: 'FINE', minutes: 10 }),
        cache: 'no-store',
      });
      status = response.status;
    } catch {
      // answered below
    }
    ctx.toast(
      status === 200
        ? `${logger}: FINE for 10 minutes`
        : status === 403
          ? 'changing log levels needs the livelog-operator role'
          : `could not change ${logger} (${status || 'no answer'})`,
    );
  }

  /** Shows one event's details (null closes them); the URL's #event=ID follows. */
  ctx.select = (id, event) => {
    const list = ctx.list;
    list.selectedId = id;
    list.refill();
    const index = id === null ? -1 : ctx.store.indexOfId(id);
    if (index >= 0) list.cursor = index;
    const e = index >= 0 ? ctx.store.get(ctx.store.view.at(index)) : event || null;
    if (e) ctx.details.show(e);
    else ctx.details.close();
    const hash = e ? '#event=' + encodeURIComponent(e.id) : '';
    if (location.hash !== hash) history.replaceState(null, '', location.pathname + location.search + hash);
    ctx.view.schedule();
  };

  /** #event=ID: scrolls to the event when held, else fetches it from history. */
  ctx.permalink = async () => {
    const m = /^#event=(\d+)$/.exec(location.hash);
    if (!m) return;
    const id = m[1];
    const index = ctx.store.indexOfId(id);
    if (index >= 0) {
      ctx.select(id);
      ctx.list.moveTo(index);
      ctx.view.schedule();
      return;
    }
    const e = await ctx.feed.byId(id);
    if (e) ctx.select(id, e);
    else ctx.toast(`event ${id} is no longer held by the server`);
  };
  addEventListener('hashchange', ctx.permalink);
}
