// Turning untrusted log text into what the page shows: always as text nodes, never as markup.

// Characters that would hide, reorder or inject meaning into text when shown as is: C0/C1 controls
// (ANSI escapes start with ESC), bidi embeddings/overrides/isolates, zero-width and invisible
// characters, line and paragraph separators, BOM. Tab and LF are handled by the caller.
const HIDDEN =
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFEFF\uFFF9-\uFFFB]/g;

function token(ch) {
  const code = ch.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code); // control pictures: ␛ ␍ ␀ ...
  if (code === 0x7f) return '\u2421'; // ␡
  return '\u27e8U+' + code.toString(16).toUpperCase().padStart(4, '0') + '\u27e9'; // ⟨U+202E⟩
}

/** The text with invisible and control characters made visible; LF kept only when asked. */
export function visible(text, keepNewlines = false) {
  let out = text.replace(HIDDEN, token);
  if (!keepNewlines) out = out.replace(/\n/g, '\u240a');
  return out;
}

/** com.acme.orders.OrderService -> c.a.o.OrderService (short names stay as they are). */
export function shortLogger(name) {
  if (!name || name.length <= 16 || !name.includes('.')) return name || '';
  const parts = name.split('.');
  const last = parts.pop();
  return parts.map((p) => p.charAt(0)).join('.') + '.' + last;
}

const pad2 = (n) => (n < 10 ? '0' : '') + n;
const pad3 = (n) => (n < 10 ? '00' : n < 100 ? '0' : '') + n;

/** HH:MM:SS.mmm in local time. */
export function clock(ts) {
  const d = new Date(ts);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${pad3(d.getMilliseconds())}`;
}

export function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A case-insensitive global matcher for a search string, or null when empty. */
export function matcher(query) {
  return query ? new RegExp(escapeRegExp(query), 'gi') : null;
}

/** Puts text into el as text nodes, with <mark> around matches of re (at most 100 per call). */
export function fillText(el, text, re) {
  el.textContent = '';
  if (!re) {
    el.textContent = text;
    return;
  }
  re.lastIndex = 0;
  let last = 0;
  let found = 0;
  let m;
  while (found < 100 && (m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    if (m.index > last) el.append(text.slice(last, m.index));
    const mark = document.createElement('mark');
    mark.textContent = m[0];
    el.append(mark);
    last = m.index + m[0].length;
    found++;
  }
  if (last < text.length) el.append(text.slice(last));
}

export const number = new Intl.NumberFormat('en');
