// The unfolded event: every field, the stack trace, and JSON messages pretty-printed. Text only.
import { looksJson } from './list.js';
import { number, visible } from './text.js';

const MAX_CHARS = 100000;

export function showDetails(panel, e) {
  panel.textContent = '';
  if (!e) {
    panel.hidden = true;
    return;
  }
  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const head = el('div', 'details-head');
  const title = el('h2', null, `${e.level} · ${new Date(e.ts).toISOString()}`);
  const close = el('button', 'details-close', 'Close');
  close.type = 'button';
  close.id = 'details-close';
  close.addEventListener('click', () => showDetails(panel, null));
  head.append(title, close);
  panel.append(head);

  const meta = el('dl', 'details-meta');
  for (const [key, value] of [
    ['id', e.id],
    ['logger', e.logger],
    ['source', e.source],
    ['node', e.node],
    ['thread', e.thread],
  ]) {
    if (value === undefined || value === null) continue;
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
  if (e.thrown) panel.append(el('h3', null, 'stack trace'), block(e.thrown, 'details-thrown'));
  if (e.fields) panel.append(el('h3', null, 'fields'), block(JSON.stringify(e.fields, null, 2), 'details-fields'));
  panel.hidden = false;
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
