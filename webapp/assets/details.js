// The unfolded event: every field (a value filters by it when clicked), the stack trace folded to
// the application's frames, JSON messages pretty-printed, copy and link buttons. Text only. A
// clipped event (held cut, store.js) is fetched whole from history first.
import { foldStack, fullTime, looksJson, number, visible } from './text.js';

const MAX_CHARS = 100000;

const el = (tag, cls, text) => {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
};

const button = (text, id, onClick) => {
  const b = el('button', null, text);
  b.type = 'button';
  if (id) b.id = id;
  b.addEventListener('click', onClick);
  return b;
};

/** A log line as text: ISO time, level, [thread], logger, message, then the stack trace. */
export function asLine(e) {
  let line = `${new Date(e.ts).toISOString()} ${e.level} ${e.thread ? '[' + e.thread + '] ' : ''}${e.logger || ''} - ${e.message || ''}`;
  if (e.thrown) line += '\n' + e.thrown;
  return line;
}

/** The event as the API gives it (without what the page added while holding it). */
export function asJson(e) {
  const { clipped, messageLength, thrownLength, ...plain } = e;
  return JSON.stringify(plain);
}

export class Details {
  /**
   * @param {HTMLElement} panel
   * @param {object} o
   * @param {(e: object) => Promise<object>} o.whole fetches the whole event
   * @param {(key: string, value: string) => void} o.onField filter by a field's value
   * @param {(node: string) => void} [o.onNode] filter by the node that took the event in
   * @param {(app: string) => void} [o.onApp] filter by the deployment that logged the event
   * @param {(trace: string) => void} [o.onTrace] filter by the event's trace
   * @param {(logger: string) => void} [o.onLogger] the operator's "FINE for 10 minutes" on the logger
   * @param {(text: string, what: string) => void} o.copy
   * @param {() => void} o.onClose
   */
  constructor(panel, o) {
    this.panel = panel;
    this.o = o;
    this.event = null;
  }

  get open() {
    return !this.panel.hidden;
  }

  show(e) {
    this.event = e;
    this.render(e);
    if (e && e.clipped) {
      this.o.whole(e).then((whole) => {
        if (this.event === e && whole) {
          this.event = whole;
          this.render(whole);
        }
      });
    }
  }

  close() {
    this.event = null;
    this.render(null);
  }

  render(e) {
    const panel = this.panel;
    panel.textContent = '';
    if (!e) {
      panel.hidden = true;
      return;
    }
    const head = el('div', 'details-head');
    head.append(
      el('h2', null, `${e.level} · ${fullTime(e.ts)}`),
      button('Copy line', 'copy-line', () => this.o.copy(asLine(this.event), 'line')),
      button('Copy JSON', 'copy-json', () => this.o.copy(asJson(this.event), 'JSON')),
      button('Copy link', 'copy-link', () => this.o.copy(permalink(this.event.id), 'link')),
      button('Close', 'details-close', () => this.o.onClose()),
    );
    panel.append(head);

    const meta = el('dl', 'details-meta');
    for (const [key, value] of [
      ['id', e.id],
      ['logger', e.logger],
      ['source', e.source],
      ['app', e.app],
      ['node', e.node],
      ['thread', e.thread],
      ['traceId', e.traceId],
      ['spanId', e.spanId],
    ]) {
      if (value === undefined || value === null) continue;
      const action = {
        node: [this.o.onNode, 'node-value', 'Show only events this node took in'],
        app: [this.o.onApp, 'app-value', 'Show only events this application logged'],
        traceId: [this.o.onTrace, 'trace-value', 'Show only events of this trace'],
      }[key];
      if (action && action[0]) {
        const dd = el('dd');
        const b = button(visible(String(value)), null, () => action[0](String(value)));
        b.className = 'field-value ' + action[1];
        b.title = action[2];
        dd.append(b);
        meta.append(el('dt', null, key), dd);
        continue;
      }
      if (key === 'logger' && value && this.o.onLogger) {
        const dd = el('dd', null, visible(String(value)) + ' ');
        const b = button('FINE for 10 minutes', null, () => this.o.onLogger(String(value)));
        b.className = 'logger-fine';
        b.title = 'Operators: log more from this logger for 10 minutes';
        dd.append(b);
        meta.append(el('dt', null, key), dd);
        continue;
      }
      meta.append(el('dt', null, key), el('dd', null, visible(String(value))));
    }
    panel.append(meta);

    let message = e.message || '';
    if (looksJson(message)) {
      try {
        message = JSON.stringify(JSON.parse(message), null, 2);
      } catch {
        // not JSON after all: shown as it came
      }
    }
    panel.append(el('h3', null, 'message'), block(message, 'details-message'));
    if (e.clipped) panel.append(el('p', 'clipped details-loading', 'fetching the whole event…'));
    if (e.truncated) {
      panel.append(
        el(
          'p',
          'clipped details-truncated',
          'The server cut this event: its message or stack trace was longer than livelog.event.maxChars.',
        ),
      );
    }
    if (e.thrown) panel.append(el('h3', null, 'stack trace'), this.stack(e.thrown));
    if (e.fields) {
      panel.append(el('h3', null, 'fields'), this.fields(e.fields));
      panel.append(block(JSON.stringify(e.fields, null, 2), 'details-fields'));
    }
    panel.hidden = false;
  }

  /** The fields, each value a button that filters the view by it. */
  fields(fields) {
    const list = el('dl', 'details-meta field-values');
    for (const [key, value] of Object.entries(fields)) {
      const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
      const dd = el('dd');
      const b = button(visible(text), null, () => this.o.onField(key, text));
      b.className = 'field-value';
      b.dataset.field = key;
      b.title = `Show only events whose ${visible(key)} is this`;
      dd.append(b);
      list.append(el('dt', null, visible(key)), dd);
    }
    return list;
  }

  /** The stack trace with runs of platform frames folded behind a button that unfolds them. */
  stack(thrown) {
    const pre = el('pre', 'details-thrown');
    let chars = 0;
    for (const part of foldStack(thrown)) {
      const text = part.lines.join('\n') + '\n';
      if (chars > MAX_CHARS) break;
      chars += text.length;
      if (!part.fold || part.lines.length < 2) {
        pre.append(visible(text, true));
        continue;
      }
      const fold = el('button', 'fold', `\u2026 ${number.format(part.lines.length)} platform frames`);
      fold.type = 'button';
      fold.setAttribute('aria-expanded', 'false');
      fold.addEventListener('click', () => {
        fold.replaceWith(visible(text, true));
      });
      pre.append(fold, '\n');
    }
    return pre;
  }
}

/** The address of one event: this page, its query, and #event=ID. */
export function permalink(id) {
  return location.origin + location.pathname + location.search + '#event=' + encodeURIComponent(id);
}

function block(text, cls) {
  const pre = document.createElement('pre');
  pre.className = cls;
  if (text.length > MAX_CHARS) {
    pre.textContent = visible(text.slice(0, MAX_CHARS), true);
    const note = document.createElement('span');
    note.className = 'clipped';
    note.textContent = `\n… ${number.format(text.length - MAX_CHARS)} more characters (download the view to see all)`;
    pre.append(note);
  } else {
    pre.textContent = visible(text, true);
  }
  return pre;
}
