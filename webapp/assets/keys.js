// The keyboard: j/k and arrows move between rows, Enter opens the details, c copies, n/N go to
// the next/previous match, Esc closes what is open (focus goes back where it was), and the help
// dialog keeps focus inside while open.

/**
 * @param {object} o
 * @param {object} o.ui the page's elements
 * @param {import('./list.js').VirtualList} o.list
 * @param {import('./store.js').Store} o.store
 * @param {import('./controls.js').Filters} o.filters
 * @param {import('./controls.js').Controls} o.controls
 * @param {import('./selection.js').Selection} o.selection
 * @param {() => void} o.repaint
 */
export function installKeys({ ui, list, store, filters, controls, selection, repaint }) {
  let returnFocus = null;

  const help = (show = ui.help.hidden) => {
    if (show) {
      returnFocus = document.activeElement;
      ui.help.hidden = false;
      ui.helpClose.focus();
    } else {
      ui.help.hidden = true;
      if (returnFocus && returnFocus.isConnected) returnFocus.focus();
      returnFocus = null;
    }
  };
  ui.helpButton.addEventListener('click', () => help());
  ui.helpClose.addEventListener('click', () => help(false));
  ui.help.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Tab') return;
    const focusable = [...ui.help.querySelectorAll('button, [href], input, select, [tabindex]:not([tabindex="-1"])')];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (ev.shiftKey && document.activeElement === first) {
      last.focus();
      ev.preventDefault();
    } else if (!ev.shiftKey && document.activeElement === last) {
      first.focus();
      ev.preventDefault();
    }
  });

  const rows = (delta) => {
    list.move(delta);
    ui.viewport.focus({ preventScroll: true });
    repaint();
  };

  document.addEventListener('keydown', (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const target = ev.target;
    const typing = target instanceof HTMLElement && target.matches('input, select, textarea');
    if (ev.key === 'Escape') {
      if (!ui.help.hidden) help(false);
      else if (target === ui.search || (filters.current.q && !selection.details.open)) {
        ui.search.value = '';
        controls.searchChanged();
        ui.search.blur();
      } else if (selection.details.open) {
        selection.select(null);
        ui.viewport.focus({ preventScroll: true });
      }
      ev.preventDefault();
      return;
    }
    if (typing) {
      if (ev.key === 'Enter' && target === ui.search) filters.nextMatch(ev.shiftKey ? -1 : 1);
      return;
    }
    if (!ui.help.hidden) return;
    if ((ev.key === ' ' || ev.key === 'Enter') && target instanceof HTMLButtonElement) return; // its own click
    switch (ev.key) {
      case '/':
        ui.search.focus();
        ui.search.select();
        break;
      case ' ':
        list.togglePause();
        break;
      case 'j':
      case 'ArrowDown':
        rows(1);
        break;
      case 'k':
      case 'ArrowUp':
        rows(-1);
        break;
      case 'PageDown':
        rows(Math.max(1, Math.floor(ui.viewport.clientHeight / list.rowH) - 1));
        break;
      case 'PageUp':
        rows(-Math.max(1, Math.floor(ui.viewport.clientHeight / list.rowH) - 1));
        break;
      case 'Enter': {
        const e = list.cursorEvent();
        if (e && !e.gap) selection.select(e.id);
        break;
      }
      case 'c': {
        const e = selection.details.open ? selection.details.event : list.cursorEvent();
        if (e && !e.gap) selection.copyLine(e);
        break;
      }
      case 'w': {
        const i = list.cursor;
        if (i >= 0 && i < list.count) list.toggleExpanded(store.view.at(i));
        break;
      }
      case 'n':
        filters.nextMatch(1);
        break;
      case 'N':
        filters.nextMatch(-1);
        break;
      case 'g':
        list.top();
        break;
      case 'G':
        list.bottom();
        break;
      case '?':
        help();
        break;
      case 't':
        ui.theme.click();
        break;
      case 'z':
        ui.zone.click();
        break;
      default:
        return;
    }
    ev.preventDefault();
  });
}
