// Turning untrusted log text into what the page shows: always as text nodes, never as markup;
// and the page's numbers and times, in the browser's locale. Pure but for fillText (which only
// creates text nodes and <mark>), tested in the browser by unit.html.

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

export const ZONES = ['local', 'UTC', 'relative'];

/**
 * The time of an event as a row shows it: HH:MM:SS.mmm in local time or UTC (with the date in
 * front when it is not the day of `now`), or relative ("4 min ago") in the browser's language.
 */
export function clock(ts, zone = 'local', now = Date.now()) {
  if (zone === 'relative') return relative(ts, now);
  const d = new Date(ts);
  const utc = zone === 'UTC';
  const parts = utc
    ? [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    : [d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  const n = new Date(now);
  const today = utc
    ? n.getUTCFullYear() === parts[0] && n.getUTCMonth() === parts[1] && n.getUTCDate() === parts[2]
    : n.getFullYear() === parts[0] && n.getMonth() === parts[1] && n.getDate() === parts[2];
  const time = `${pad2(parts[3])}:${pad2(parts[4])}:${pad2(parts[5])}.${pad3(d.getMilliseconds())}`;
  return today ? time : `${parts[0]}-${pad2(parts[1] + 1)}-${pad2(parts[2])} ${time}`;
}

let relativeFormat = null;
/** "12 s ago", "3 min ago", "2 days ago" (in the browser's language). */
export function relative(ts, now = Date.now()) {
  relativeFormat = relativeFormat || new Intl.RelativeTimeFormat(undefined, { numeric: 'always', style: 'short' });
  const s = Math.round((ts - now) / 1000);
  const a = Math.abs(s);
  if (a < 60) return relativeFormat.format(s, 'second');
  if (a < 3600) return relativeFormat.format(Math.round(s / 60), 'minute');
  if (a < 86400) return relativeFormat.format(Math.round(s / 3600), 'hour');
  return relativeFormat.format(Math.round(s / 86400), 'day');
}

/** Both clocks, labelled, with the date: what the details and a row's tooltip show. */
export function fullTime(ts) {
  const d = new Date(ts);
  const local = new Intl.DateTimeFormat(undefined, {
    dateStyle: 'medium',
    timeStyle: 'long',
  }).format(d);
  return `${local} (local) · ${d.toISOString()} (UTC)`;
}

/** Whether a message looks like JSON worth pretty-printing. */
export function looksJson(message) {
  const t = message.trimStart();
  return (t.startsWith('{') || t.startsWith('[')) && message.length < 1_000_000;
}

// frames of the platform and the container, folded away unless asked for
const FRAMEWORK =
  /^\s*at (?:java\.|javax\.|jdk\.|sun\.|com\.sun\.|jakarta\.|org\.glassfish\.|fish\.payara\.|org\.jboss\.|io\.undertow\.|org\.wildfly\.|org\.eclipse\.|org\.apache\.|org\.hibernate\.|org\.springframework\.|com\.hazelcast\.|org\.jvnet\.|org\.junit\.)/;

/**
 * A stack trace as parts to show: `text` lines kept (the exception lines, "Caused by",
 * "Suppressed", the application's frames, "... N more") and `fold` runs of platform frames (with
 * how many), so a trace reads as the application's story.
 */
export function foldStack(thrown) {
  const parts = [];
  for (const line of thrown.split('\n')) {
    if (FRAMEWORK.test(line)) {
      const last = parts[parts.length - 1];
      if (last && last.fold) last.lines.push(line);
      else parts.push({ fold: true, lines: [line] });
    } else {
      parts.push({ fold: false, lines: [line] });
    }
  }
  return parts;
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

export const number = new Intl.NumberFormat();

/**
 * The moment a user typed for a time jump, as epoch ms (NaN when unreadable): `14:05` (today, or
 * yesterday when that is still to come), `yesterday 14:05`, `2026-12-06 14:05:30`, ISO-8601 with
 * a zone, or epoch ms. Read in UTC when the rows show UTC, else in the browser's zone.
 */
export function parseWhen(text, zone = 'local', now = Date.now()) {
  const t = text.trim().toLowerCase();
  if (/^\d{10,15}$/.test(t)) return Number(t);
  if (/^\d{4}-\d{2}-\d{2}t.*(z|[+-]\d{2}:?\d{2})$/.test(t)) return Date.parse(text.trim());
  const date = /(\d{4})-(\d{2})-(\d{2})/.exec(t);
  const time = /(?:^|\s|t)(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(t);
  const yesterday = /\byesterday\b/.test(t);
  const today = /\btoday\b/.test(t);
  const rest = t
    .replace(/(\d{4})-(\d{2})-(\d{2})|(\d{1,2}):(\d{2})(?::(\d{2}))?|\byesterday\b|\btoday\b|\bat\b|t/g, '')
    .trim();
  if (rest || (!date && !time && !yesterday && !today)) return NaN;
  const utc = zone === 'UTC';
  const base = new Date(now);
  let y = utc ? base.getUTCFullYear() : base.getFullYear();
  let m = utc ? base.getUTCMonth() : base.getMonth();
  let d = (utc ? base.getUTCDate() : base.getDate()) - (yesterday ? 1 : 0);
  if (date) {
    y = Number(date[1]);
    m = Number(date[2]) - 1;
    d = Number(date[3]);
  }
  const [h, min, sec] = time ? [Number(time[1]), Number(time[2]), Number(time[3] || 0)] : [0, 0, 0];
  if (h > 23 || min > 59 || sec > 59) return NaN;
  const at = utc ? Date.UTC(y, m, d, h, min, sec) : new Date(y, m, d, h, min, sec).getTime();
  if (!date && !yesterday && !today && at > now) return at - 86400000; // 14:05 before 14:05: yesterday's
  return at;
}
