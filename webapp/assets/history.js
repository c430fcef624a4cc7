// History beyond what the tab holds: a time jump ("14:05 yesterday") and a search over the
// server's history, shown with its progress and a "continue" that picks up where the server's
// time budget stopped it (`Livelog-Scanned-To`). Found events are listed as text; choosing one
// shows the history around it in the list.
import { SignedOut } from './session.js';
import { clock, fullTime, number, parseWhen, visible } from './text.js';

const PAGE = 100;

export class HistorySearch {
  /**
   * @param {object} o
   * @param {object} o.ui the page's elements (button, results and their controls)
   * @param {import('./controls.js').Filters} o.filters what to look for (the search box)
   * @param {import('./store.js').Store} o.store what the tab holds (the search starts before it)
   * @param {import('./list.js').VirtualList} o.list
   * @param {import('./feed.js').Feed} o.feed shows the history around a result
   * @param {import('./session.js').Session} o.session
   * @param {import('./notes.js').Toast} o.toast
   */
  constructor({ ui, filters, store, list, feed, session, toast }) {
    this.ui = ui;
    this.filters = filters;
    this.store = store;
    this.list = list;
    this.feed = feed;
    this.session = session;
    this.toast = toast;
    this.params = null; // the running search's query (without its cursor)
    this.cursor = null; // search older than this id next
    this.found = 0;
    this.scanned = 0; // requests answered
    ui.searchHistory.addEventListener('click', () => this.start());
    ui.foundContinue.addEventListener('click', () => this.next());
    ui.foundClose.addEventListener('click', () => this.close());
    ui.foundList.addEventListener('click', (ev) => {
      const row = ev.target.closest('[data-id]');
      if (row) this.show(row.dataset.id);
    });
  }

  /** Searches history older than what the tab holds for the search box's text. */
  start() {
    const { store, ui } = this;
    const filter = this.filters.current;
    ui.found.hidden = false;
    ui.foundList.textContent = '';
    this.found = 0;
    this.scanned = 0;
    if (!filter.q || filter.invalid) {
      this.params = null;
      this.say('Type what to look for in Search first.', false);
      return;
    }
    const params = filter.serverParams();
    params.set(filter.regex ? 'regex' : 'q', filter.q);
    params.set('limit', String(PAGE));
    this.params = params;
    const oldest = store.oldest();
    this.cursor = oldest ? oldest.id : null;
    this.next();
  }

  async next() {
    if (!this.params) return;
    const { ui } = this;
    ui.foundContinue.hidden = true;
    ui.found.setAttribute('aria-busy', 'true');
    this.say(`${this.label()} searching…`, false);
    const params = new URLSearchParams(this.params);
    if (this.cursor) params.set('before', this.cursor);
    let page;
    try {
      page = await this.session.getPage('api/logs?' + params);
    } catch (e) {
      ui.found.removeAttribute('aria-busy');
      if (e instanceof SignedOut) return;
      this.say(`${this.label()} the server did not answer (${e.message}).`, true);
      return;
    }
    ui.found.removeAttribute('aria-busy');
    this.scanned++;
    const events = page.events;
    for (let i = events.length - 1; i >= 0; i--) this.add(events[i]);
    this.found += events.length;
    if (page.scannedTo) {
      this.cursor = page.scannedTo;
      this.say(
        `${this.label()} searched back to id ${page.scannedTo} so far; the server's time budget for one request ran out.`,
        true,
      );
    } else if (events.length === PAGE) {
      this.cursor = events[0].id;
      this.say(`${this.label()} searched back to ${fullTime(events[0].ts)}; there may be more.`, true);
    } else {
      this.cursor = null;
      this.say(`${this.label()} searched all of the server's history.`, false);
    }
  }

  label() {
    return `“${visible(this.filters.current.q)}”: ${number.format(this.found)} found in older history ·`;
  }

  say(text, more) {
    this.ui.foundNote.textContent = text;
    this.ui.foundContinue.hidden = !more;
  }

  add(e) {
    const row = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'found-row lvl-' + e.level;
    button.dataset.id = e.id;
    button.title = `${fullTime(e.ts)} · id ${e.id}: show the history around it`;
    const time = document.createElement('time');
    time.textContent = clock(e.ts, this.list.zone);
    const level = document.createElement('span');
    level.className = 'level';
    level.textContent = e.level;
    const message = document.createElement('span');
    message.className = 'message';
    message.textContent = visible((e.message || '').slice(0, 500));
    button.append(time, level, message);
    row.append(button);
    this.ui.foundList.append(row);
  }

  async show(id) {
    try {
      await this.feed.around(id);
      this.list.selectedId = id;
    } catch (e) {
      if (!(e instanceof SignedOut)) this.toast.show(`could not load the history around id ${id}`);
    }
  }

  close() {
    this.params = null;
    this.ui.found.hidden = true;
  }
}

/** The time jump: a typed moment, the history from there shown in the list. */
export function installTimeJump({ form, input, note, list, feed }) {
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const ms = parseWhen(input.value, list.zone);
    input.setAttribute('aria-invalid', String(Number.isNaN(ms)));
    if (Number.isNaN(ms)) {
      note.textContent = 'Go to: try 14:05, yesterday 14:05 or 2026-12-06 14:05';
      return;
    }
    note.textContent = `loading history from ${fullTime(ms)}…`;
    try {
      const { events, first } = await feed.at(ms);
      note.textContent = first
        ? `${number.format(events)} events around ${fullTime(ms)}; the list shows from ${clock(first.ts, list.zone)}`
        : `the server holds nothing around ${fullTime(ms)}`;
    } catch (e) {
      if (!(e instanceof SignedOut)) note.textContent = `could not load history at ${fullTime(ms)}`;
    }
  });
}
