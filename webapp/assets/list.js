// The virtualised list: a spacer as tall as the whole view, and a small pool of rows moved to
// wherever the viewport looks. Only visible rows (plus a little overscan) exist in the DOM.
import { clock, fillText, fullTime, looksJson, number, shortLogger, visible } from './text.js';

const OVERSCAN = 8;
const NEAR_TOP = 40; // rows from the top at which older events are fetched
const ROW_CHARS = 2000; // characters of a message shown in its row; the details show more

export class VirtualList {
  constructor(viewport, store, { onSelect, onFollowChange, onNearTop = () => {} }) {
    this.viewport = viewport;
    this.store = store;
    this.onSelect = onSelect;
    this.onFollowChange = onFollowChange;
    this.onNearTop = onNearTop; // the user reached the oldest rows held: page back
    this.spacer = viewport.querySelector('.spacer');
    this.rowsEl = viewport.querySelector('.rows');
    this.pool = [];
    this.rowH = parseFloat(getComputedStyle(viewport).getPropertyValue('--row-h')) || 22;
    this.following = true;
    this.paused = false; // explicit pause: reaching the bottom does not resume
    this.newCount = 0;
    this.highlight = null;
    this.generation = 0; // bumped when every row must be filled again
    this.selectedId = null;
    this.cursor = -1; // the view index the keyboard is on
    this.expanded = -1; // the sequence number of the row unfolded in place (wrapped, whole)
    this.zone = 'local';
    this.expectedTop = -1;
    this.height = 0;
    this.viewH = 0;
    viewport.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.rowsEl.addEventListener('click', (ev) => {
      const row = ev.target.closest('.row');
      if (!row || row.index < 0) return;
      if (ev.target.closest('.more')) {
        this.toggleExpanded(row.seq);
        return;
      }
      this.cursor = row.index;
      this.generation++;
      if (row.dataset.id) this.onSelect(row.dataset.id);
      else this.render();
    });
  }

  get count() {
    return this.store.view.length;
  }

  atBottom() {
    const v = this.viewport;
    return v.scrollTop + v.clientHeight >= v.scrollHeight - this.rowH / 2;
  }

  onScroll() {
    if (Math.abs(this.viewport.scrollTop - this.expectedTop) < 1) return; // our own scroll
    this.expectedTop = -1;
    if (this.atBottom()) {
      if (!this.following && !this.paused) this.follow(true);
    } else if (this.following) {
      this.follow(false);
    }
    this.render();
    if (!this.following && this.viewport.scrollTop < NEAR_TOP * this.rowH) this.onNearTop();
  }

  follow(on) {
    this.following = on;
    if (on) {
      this.paused = false;
      this.newCount = 0;
    }
    this.onFollowChange();
  }

  /** Called after events were appended: counts what the user has not seen and keeps the place. */
  appended({ added, evicted }) {
    if (!this.following) {
      this.newCount += added;
      if (evicted) this.scrollTo(Math.max(0, this.viewport.scrollTop - evicted * this.rowH));
    }
  }

  /** `n` rows were put before the first: the same rows stay in sight. */
  shifted(n) {
    if (!n) return;
    if (this.cursor >= 0) this.cursor += n;
    this.generation++;
    if (!this.following) {
      this.render();
      this.scrollTo(this.viewport.scrollTop + n * this.rowH);
    }
  }

  scrollTo(top) {
    this.viewport.scrollTop = top;
    this.expectedTop = Math.min(top, Math.max(0, this.height - this.viewH));
  }

  /** The viewport's height changed (ResizeObserver). */
  resized() {
    this.viewH = this.viewport.clientHeight;
  }

  top() {
    this.follow(false);
    this.scrollTo(0);
    this.render();
    this.onNearTop();
  }

  bottom() {
    this.follow(true);
    this.render();
  }

  /** Pauses following (held until resumed), or resumes it at the latest. */
  togglePause() {
    if (this.paused) {
      this.bottom();
    } else {
      this.paused = true;
      this.follow(false);
    }
  }

  setHighlight(re) {
    this.highlight = re;
    this.generation++;
  }

  refill() {
    this.generation++;
  }

  /** Wraps a row in place, showing its whole message over the rows below (again: folds it). */
  toggleExpanded(seq) {
    this.expanded = this.expanded === seq ? -1 : seq;
    this.generation++;
    this.render();
  }

  /** Moves the keyboard cursor by `delta` rows (clamped), showing it. */
  move(delta) {
    const n = this.count;
    if (!n) return;
    const from =
      this.cursor < 0 || this.cursor >= n
        ? delta > 0
          ? this.firstVisible() - 1
          : this.lastVisible() + 1
        : this.cursor;
    this.moveTo(Math.max(0, Math.min(n - 1, from + delta)));
  }

  moveTo(index) {
    this.cursor = index;
    this.generation++;
    this.reveal(index);
  }

  firstVisible() {
    return Math.max(0, Math.ceil(this.viewport.scrollTop / this.rowH));
  }

  lastVisible() {
    const v = this.viewport;
    return Math.min(this.count - 1, Math.floor((v.scrollTop + v.clientHeight) / this.rowH) - 1);
  }

  /** The event under the keyboard cursor, or undefined. */
  cursorEvent() {
    if (this.cursor < 0 || this.cursor >= this.count) return undefined;
    return this.store.get(this.store.view.at(this.cursor));
  }

  render() {
    const n = this.count;
    const h = this.rowH;
    const height = n * h;
    if (height !== this.height) {
      this.spacer.style.height = height + 'px';
      this.height = height;
    }
    const v = this.viewport;
    const viewH = this.viewH || (this.viewH = v.clientHeight || 600);
    let scrollTop;
    if (this.following) {
      scrollTop = Math.max(0, height - viewH);
      if (scrollTop !== this.expectedTop) this.scrollTo(scrollTop);
    } else {
      scrollTop = v.scrollTop;
    }
    const first = Math.max(0, Math.floor(scrollTop / h) - OVERSCAN);
    const last = Math.min(n, Math.ceil((scrollTop + viewH) / h) + OVERSCAN);
    // rows that still show an event in range keep their content and only move
    const wanted = new Map();
    for (let i = first; i < last; i++) wanted.set(this.store.view.at(i), i);
    const free = [];
    for (const row of this.pool) {
      const i = row.generation === this.generation ? wanted.get(row.seq) : undefined;
      if (i === undefined) {
        free.push(row);
      } else {
        wanted.delete(row.seq);
        this.place(row, i);
      }
    }
    for (const [seq, i] of wanted) {
      let row = free.pop();
      if (!row) {
        row = this.makeRow();
        this.pool.push(row);
      }
      row.seq = seq;
      this.fill(row, this.store.get(seq));
      row.generation = this.generation;
      this.place(row, i);
    }
    for (const row of free) {
      if (!row.hidden) row.hidden = true;
      row.seq = -1;
      row.index = -1;
      row.removeAttribute('id');
    }
    const active = this.cursor >= first && this.cursor < last ? 'row-' + this.cursor : null;
    if (active) {
      if (this.viewport.getAttribute('aria-activedescendant') !== active)
        this.viewport.setAttribute('aria-activedescendant', active);
    } else if (this.viewport.hasAttribute('aria-activedescendant')) {
      this.viewport.removeAttribute('aria-activedescendant');
    }
    // keep the pool small when the viewport shrinks
    const needed = last - first;
    if (this.pool.length > needed + 2 * OVERSCAN) {
      this.pool = this.pool.filter((row) => {
        if (row.seq !== -1 || this.pool.length <= needed) return true;
        row.remove();
        return false;
      });
    }
  }

  place(row, i) {
    if (row.index !== i) {
      row.style.transform = `translateY(${i * this.rowH}px)`;
      row.index = i;
      row.id = 'row-' + i;
      row.setAttribute('aria-posinset', String(i + 1));
    }
    const size = String(this.count);
    if (row.getAttribute('aria-setsize') !== size) row.setAttribute('aria-setsize', size);
    const cursor = i === this.cursor;
    if (row.classList.contains('cursor') !== cursor) row.classList.toggle('cursor', cursor);
    if (row.getAttribute('aria-selected') !== String(cursor)) row.setAttribute('aria-selected', String(cursor));
    if (row.hidden) row.hidden = false;
  }

  makeRow() {
    const row = document.createElement('div');
    row.className = 'row';
    row.setAttribute('role', 'option');
    row.setAttribute('aria-selected', 'false');
    const cell = (tag, cls) => {
      const el = document.createElement(tag);
      el.className = cls;
      row.append(el);
      return el;
    };
    row.cTime = cell('time', 'ts');
    row.cLevel = cell('span', 'level');
    row.cSource = cell('span', 'source');
    row.cNode = cell('span', 'node');
    row.cLogger = cell('span', 'logger');
    row.cMessage = cell('span', 'message');
    row.cMore = cell('span', 'more');
    row.seq = -1;
    row.index = -1;
    this.rowsEl.append(row);
    return row;
  }

  fill(row, e) {
    if (e.gap) {
      row.className = e.cut ? 'row gap cut' : 'row gap';
      delete row.dataset.id;
      row.dataset.gap = `${e.from}-${e.to}`;
      row.cTime.textContent = clock(e.ts, this.zone);
      row.cTime.title = fullTime(e.ts);
      row.cLevel.textContent = e.cut ? 'MORE' : 'GAP';
      row.cSource.textContent = '';
      row.cNode.textContent = '';
      row.cLogger.textContent = '';
      row.cLogger.removeAttribute('title');
      row.cMessage.textContent = gapText(e, this.zone);
      row.cMore.textContent = '';
      return;
    }
    const expanded = row.seq === this.expanded;
    row.className =
      'row lvl-' + e.level + (e.id === this.selectedId ? ' selected' : '') + (expanded ? ' expanded' : '');
    row.setAttribute('aria-expanded', String(expanded));
    delete row.dataset.gap;
    row.dataset.id = e.id;
    row.cTime.textContent = clock(e.ts, this.zone);
    row.cTime.title = fullTime(e.ts);
    row.cLevel.textContent = e.level;
    row.cSource.textContent = visible(e.source || '');
    row.cNode.textContent = visible(e.node || '');
    row.cLogger.textContent = visible(shortLogger(e.logger));
    row.cLogger.title = visible(e.logger || '');
    const message = e.message || '';
    if (expanded) {
      fillText(row.cMessage, visible(e.thrown ? message + '\n' + e.thrown : message, true), this.highlight);
      row.cMore.textContent = '\u25be fold';
      return;
    }
    const shown = message.length > ROW_CHARS ? message.slice(0, ROW_CHARS) : message;
    fillText(row.cMessage, visible(shown), this.highlight);
    row.cMore.textContent = foldLabel(e, message);
  }

  /** Scrolls so the row with this view index is visible. */
  reveal(index) {
    const v = this.viewport;
    const height = this.count * this.rowH; // the spacer may not have grown since the last frame
    if (height !== this.height) {
      this.spacer.style.height = height + 'px';
      this.height = height;
    }
    const top = index * this.rowH;
    if (top < v.scrollTop || top + this.rowH > v.scrollTop + v.clientHeight) {
      this.follow(false);
      this.scrollTo(Math.max(0, top - v.clientHeight / 2));
    }
    this.render();
  }

  domRows() {
    return this.rowsEl.querySelectorAll('.row:not([hidden])').length;
  }
}

/** What a gap row says: how many (when the server knows), between which times, which ids. */
export function gapText(e, zone = 'local') {
  if (e.cut) {
    const count = e.letGo ? `${number.format(e.letGo)} newer events` : 'Newer events';
    return `${count} not held by this tab (ids ${e.from}–${e.to}): still in the server's history; jump to latest to follow live`;
  }
  const count = e.missed === undefined ? 'Events' : `${number.format(e.missed)} events`;
  const when =
    e.fromTs && e.toTs
      ? ` between ${clock(e.fromTs, zone)} and ${clock(e.toTs, zone)}`
      : e.fromTs
        ? ` after ${clock(e.fromTs, zone)}`
        : '';
  return `${count} missed while disconnected${when} (ids ${e.from}–${e.to} no longer held)`;
}

function foldLabel(e, message) {
  const parts = [];
  const length = e.messageLength || message.length;
  if (length > ROW_CHARS) parts.push(`+${number.format(length - ROW_CHARS)} chars`);
  if (e.truncated) parts.push('cut by the server');
  if (e.thrown) parts.push('stack');
  if (e.fields) parts.push(`${Object.keys(e.fields).length} fields`);
  if (looksJson(message)) parts.push('json');
  return parts.length ? '\u25b8 ' + parts.join(' · ') : '';
}
