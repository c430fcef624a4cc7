// The operator's alert rules (GET/PUT api/alerts): a header button, shown only to an operator,
// opens a dialog with one rule per line; a rule the server refuses is named by its line.

/** Which line a problem's field (`rules[2]`) names, 1-based; 0 when it names none. */
export function lineOf(field) {
  const m = /^rules\[(\d+)\]$/.exec(field || '');
  return m ? Number(m[1]) + 1 : 0;
}

/** The rules as the server should get them: one a line, blank lines left out. */
export function rulesOf(text) {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

export class AlertRules {
  /**
   * @param {object} ui the dialog's elements: button, dialog, text, origin, error, save, close
   * @param {(text: string) => void} toast a short note
   */
  constructor(ui, toast) {
    this.ui = ui;
    this.toast = toast;
    ui.button.addEventListener('click', () => this.open());
    ui.close.addEventListener('click', () => this.close());
    ui.save.addEventListener('click', () => this.save());
    ui.dialog.addEventListener('keydown', (ev) => {
      ev.stopPropagation(); // the page's shortcuts stay out of the dialog
      if (ev.key === 'Escape') this.close();
    });
  }

  /** Shows the button when this user may read the rules (an operator). */
  async probe() {
    const response = await this.fetch('GET');
    this.ui.button.hidden = !(response && response.status === 200);
  }

  async open() {
    const response = await this.fetch('GET');
    if (!response || response.status !== 200) {
      this.toast('alert rules need the livelog-operator role');
      return;
    }
    this.show(await response.json());
    this.ui.error.textContent = '';
    this.ui.dialog.hidden = false;
    this.ui.text.focus();
  }

  close() {
    this.ui.dialog.hidden = true;
    this.ui.button.focus();
  }

  show(answer) {
    this.ui.text.value = answer.rules.map((r) => r.rule).join('\n');
    this.ui.origin.textContent =
      answer.setBy === 'configuration'
        ? 'from the configuration (livelog.alerts.rules)'
        : `set by ${answer.setBy} at ${new Date(answer.setAt).toLocaleString()}`;
  }

  async save() {
    const response = await this.fetch('PUT', JSON.stringify({ rules: rulesOf(this.ui.text.value) }));
    if (response && response.status === 200) {
      const answer = await response.json();
      this.show(answer);
      this.ui.error.textContent = '';
      this.toast(`${answer.rules.length} alert rule${answer.rules.length === 1 ? '' : 's'} saved`);
      this.close();
      return;
    }
    let problem = {};
    try {
      problem = response ? await response.json() : {};
    } catch {
      // not a problem body
    }
    const line = lineOf(problem.field);
    this.ui.error.textContent =
      (line ? `line ${line}: ` : '') + (problem.detail || `not saved (${response ? response.status : 'no answer'})`);
  }

  async fetch(method, body) {
    try {
      return await fetch('api/alerts', {
        method,
        headers: body ? { 'Content-Type': 'application/json' } : {},
        body,
        cache: 'no-store',
      });
    } catch {
      return null;
    }
  }
}
