// What the page tells the user in passing: the connection's state badge and short notes (toasts).

/** The state badge in the header: a state (for the style) and the words shown. */
export class Status {
  /** @param {HTMLElement} badge */
  constructor(badge) {
    this.badge = badge;
  }

  set(state, text) {
    this.badge.dataset.state = state;
    this.badge.textContent = text;
  }

  get state() {
    return this.badge.dataset.state;
  }
}

/** A short note at the bottom of the page, gone after a few seconds. */
export class Toast {
  /** @param {HTMLElement} box */
  constructor(box) {
    this.box = box;
    this.timer = 0;
  }

  show(text) {
    this.box.textContent = text;
    this.box.hidden = false;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.box.hidden = true;
    }, 2500);
  }
}
