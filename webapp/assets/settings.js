// The choices a user makes once and keeps (localStorage): theme (system, light, dark), time zone
// (local, UTC, relative) and the memory budget.
import { ZONES } from './text.js';

const THEMES = ['system', 'light', 'dark'];

function stored(key, fallback) {
  try {
    return localStorage.getItem(key) || fallback;
  } catch {
    return fallback;
  }
}

function store(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage refused: the choice lasts for this page only
  }
}

/** Cycles the theme with `button`; `changed` runs after each change (the chart redraws). */
export function installTheme(button, changed) {
  const apply = (name) => {
    if (name === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = name;
    store('livelog.theme', name);
    button.textContent = `Theme: ${name}`;
    button.dataset.theme = name;
    changed();
  };
  button.addEventListener('click', () => apply(THEMES[(THEMES.indexOf(button.dataset.theme) + 1) % THEMES.length]));
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', changed);
  apply(stored('livelog.theme', 'system'));
}

/** Cycles the time zone of the rows with `button`; `changed(zone)` repaints them. */
export function installZone(button, changed) {
  const apply = (zone) => {
    store('livelog.zone', zone);
    const label = zone === 'local' ? `local (${Intl.DateTimeFormat().resolvedOptions().timeZone})` : zone;
    button.textContent = `Time: ${zone}`;
    button.title = `Times shown as ${label}; click for ${ZONES[(ZONES.indexOf(zone) + 1) % ZONES.length]}`;
    button.dataset.zone = zone;
    changed(zone);
  };
  button.addEventListener('click', () => apply(ZONES[(ZONES.indexOf(button.dataset.zone) + 1) % ZONES.length]));
  const zone = stored('livelog.zone', 'local');
  apply(ZONES.includes(zone) ? zone : 'local');
}

/** The byte budget in MB: `?mem=N` in the URL wins and is remembered, else the stored one, else 64. */
export function budgetMegabytes() {
  const fromUrl = Number(new URLSearchParams(location.search).get('mem'));
  if (fromUrl > 0) {
    store('livelog.memMB', String(fromUrl));
    return fromUrl;
  }
  const kept = Number(stored('livelog.memMB', '64'));
  return kept > 0 ? kept : 64;
}

export function keepBudget(mb) {
  store('livelog.memMB', String(mb));
}
