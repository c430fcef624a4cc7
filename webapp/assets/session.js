// Talking to the server outside the stream: the session (and what happens when it ends), JSON
// fetches that notice it has ended, and copying.

export class SignedOut extends Error {}

/**
 * The signed-in session. When the server says it has ended (a 401 on a fetch or on the stream),
 * whatever was registered with `onEnd` stops, the state badge says so, and the sign-in form
 * follows.
 */
export class Session {
  /** @param {import('./notes.js').Status} status */
  constructor(status) {
    this.status = status;
    this.ended = false;
    this.stops = [];
    this.getJson = jsonGetter(() => this.end());
    this.getPage = pageGetter(() => this.end());
  }

  /** Runs `stop` when the session ends. */
  onEnd(stop) {
    this.stops.push(stop);
  }

  end() {
    if (this.ended) return;
    this.ended = true;
    for (const stop of this.stops) stop();
    this.status.set('signed-out', 'signed out: the session has ended');
    setTimeout(() => location.assign('login.jsp'), 1500);
  }
}

/** A JSON GET; a 401 calls `onSignedOut` and throws SignedOut. */
export function jsonGetter(onSignedOut) {
  return async (url) => {
    const response = await fetch(url, { cache: 'no-store' });
    if (response.status === 401) {
      onSignedOut();
      throw new SignedOut();
    }
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.json();
  };
}

/**
 * A history GET: `{ events, scannedTo }`, where `scannedTo` is the `Livelog-Scanned-To` id a search
 * that ran out of its time budget reached (null when the range was read whole).
 */
export function pageGetter(onSignedOut) {
  return async (url) => {
    const response = await fetch(url, { cache: 'no-store' });
    if (response.status === 401) {
      onSignedOut();
      throw new SignedOut();
    }
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return { events: await response.json(), scannedTo: response.headers.get('Livelog-Scanned-To') };
  };
}

/** Copies text to the clipboard (the async API where allowed, else a hidden textarea). */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'offscreen';
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}
