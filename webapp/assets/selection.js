// One event at a time: the details panel, copying, and #event=ID links.
import { Details, asLine } from './details.js';
import { copyText } from './session.js';

export class Selection {
  /**
   * @param {object} o
   * @param {HTMLElement} o.panel the details panel
   * @param {import('./store.js').Store} o.store
   * @param {import('./list.js').VirtualList} o.list
   * @param {import('./feed.js').Feed} o.feed fetches whole events
   * @param {import('./controls.js').Filters} o.filters a value in the details filters by it
   * @param {import('./notes.js').Toast} o.toast
   * @param {() => void} o.repaint
   */
  constructor({ panel, store, list, feed, filters, toast, repaint }) {
    this.store = store;
    this.list = list;
    this.feed = feed;
    this.toast = toast;
    this.repaint = repaint;
    this.details = new Details(panel, {
      whole: (e) => feed.byId(e.id),
      onField: (key, value) => filters.with({ fields: { ...filters.current.fields, [key]: value } }),
      onNode: (node) => filters.with({ node }),
      onApp: (app) => filters.with({ app }),
      onTrace: (trace) => filters.with({ trace }),
      onLogger: (logger) => this.moreFrom(logger),
      copy: (text, what) => this.copy(text, what),
      onClose: () => this.select(null),
    });
    addEventListener('hashchange', () => this.permalink());
  }

  async copy(text, what) {
    this.toast.show((await copyText(text)) ? `copied ${what}` : `could not copy the ${what}`);
  }

  copyLine(e) {
    return this.copy(asLine(e), 'line');
  }

  /** The operator's "FINE for 10 minutes" on a logger (PUT /api/loggers/{name}). */
  async moreFrom(logger) {
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
    this.toast.show(
      status === 200
        ? `${logger}: FINE for 10 minutes`
        : status === 403
          ? 'changing log levels needs the livelog-operator role'
          : `could not change ${logger} (${status || 'no answer'})`,
    );
  }

  /** Shows one event's details (null closes them); the URL's #event=ID follows. */
  select(id, event) {
    const { list, store } = this;
    list.selectedId = id;
    list.refill();
    const index = id === null ? -1 : store.indexOfId(id);
    if (index >= 0) list.cursor = index;
    const e = index >= 0 ? store.get(store.view.at(index)) : event || null;
    if (e) this.details.show(e);
    else this.details.close();
    const hash = e ? '#event=' + encodeURIComponent(e.id) : '';
    if (location.hash !== hash) history.replaceState(null, '', location.pathname + location.search + hash);
    this.repaint();
  }

  /** #event=ID: scrolls to the event when held, else fetches it from history. */
  async permalink() {
    const m = /^#event=(\d+)$/.exec(location.hash);
    if (!m) return;
    const id = m[1];
    const index = this.store.indexOfId(id);
    if (index >= 0) {
      this.select(id);
      this.list.moveTo(index);
      this.repaint();
      return;
    }
    const e = await this.feed.byId(id);
    if (e) this.select(id, e);
    else this.toast.show(`event ${id} is no longer held by the server`);
  }
}
