<%@ page contentType="text/html;charset=UTF-8" pageEncoding="UTF-8" session="true" %>
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light dark">
  <title>Livelog</title>
  <link rel="icon" href="assets/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="assets/app.css">
  <script type="module" src="assets/app.js"></script>
</head>
<body>
  <header class="bar">
    <h1>Livelog</h1>
    <span id="status" class="status" data-state="connecting" role="status">connecting</span>
    <span id="health" class="health" title="latest JVM health sample"></span>
    <span id="latency" class="latency" title="end-to-end latency of the latest events (now − ts), and events per second"></span>
    <span class="grow"></span>
    <button id="zone" type="button" title="Switch time zone (z)">Time: local</button>
    <button id="theme" type="button" title="Switch theme (t)">Theme: system</button>
    <button id="alerts-button" type="button" title="Alert rules (operators)" hidden>Alerts</button>
    <button id="help-button" type="button" title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">?</button>
    <form method="post" action="logout" id="logout-form"><button id="logout" type="submit">Sign out</button></form>
  </header>

  <section class="controls" aria-label="Filters">
    <div id="levels" class="chips" role="group" aria-label="Minimum level">
      <button type="button" class="chip level-chip lvl-TRACE" data-level="TRACE" title="TRACE and above">TRACE <span class="count">0</span></button>
      <button type="button" class="chip level-chip lvl-DEBUG" data-level="DEBUG" title="DEBUG and above">DEBUG <span class="count">0</span></button>
      <button type="button" class="chip level-chip lvl-INFO" data-level="INFO" title="INFO and above">INFO <span class="count">0</span></button>
      <button type="button" class="chip level-chip lvl-WARN" data-level="WARN" title="WARN and above">WARN <span class="count">0</span></button>
      <button type="button" class="chip level-chip lvl-ERROR" data-level="ERROR" title="ERROR only">ERROR <span class="count">0</span></button>
    </div>
    <div id="sources" class="chips" role="group" aria-label="Sources"></div>
    <div id="field-chips" class="chips" role="group" aria-label="Field filters"></div>
    <label class="field">Logger <input id="logger" list="loggers" placeholder="prefix, prefix…" autocomplete="off" spellcheck="false"></label>
    <datalist id="loggers"></datalist>
    <span class="search-group" role="group" aria-label="Search">
      <label class="field">Search <input id="search" type="search" placeholder="press /" autocomplete="off" spellcheck="false" aria-describedby="matches"></label>
      <button id="regex" type="button" class="toggle" aria-pressed="false" title="Regular expression">.*</button>
      <button id="invert" type="button" class="toggle" aria-pressed="false" title="Invert: show what does not match">not</button>
      <select id="search-mode" aria-label="Search mode">
        <option value="filter">filter</option>
        <option value="highlight">highlight only</option>
      </select>
      <button id="previous-match" type="button" title="Previous match (N)" aria-label="Previous match">&#8593;</button>
      <button id="next-match" type="button" title="Next match (n)" aria-label="Next match">&#8595;</button>
      <span id="matches" class="matches"></span>
      <button id="notify" type="button" class="toggle" aria-pressed="false" aria-label="Notify about this search while hidden">&#128276;</button>
      <button id="search-history" type="button" title="Search the server's history older than what this tab holds">Search older</button>
    </span>
    <span class="grow"></span>
    <button id="pause" type="button" aria-pressed="false" title="Pause or resume following (space)">Pause</button>
    <button id="top" type="button" title="Oldest held (g)">Top</button>
    <button id="older" type="button" title="Fetch older events from the server's history">Load older</button>
    <button id="clear" type="button" title="Forget what is shown">Clear</button>
    <button id="download" type="button" title="Download the current view as NDJSON">Download</button>
  </section>

  <section class="overview">
    <canvas id="rate" class="rate" role="img" aria-labelledby="rate-text"></canvas>
    <span id="rate-text" class="sr-only">Events per second by level, last five minutes</span>
    <span id="shown" class="shown"></span>
    <span id="older-note" class="shown"></span>
    <form id="when-form" class="when" role="search" aria-label="Go to a time">
      <label class="field">Go to <input id="when" placeholder="14:05 yesterday" autocomplete="off" spellcheck="false" aria-describedby="when-note"></label>
      <button id="when-go" type="submit">Go</button>
      <span id="when-note" class="shown" role="status"></span>
    </form>
    <label class="field">Memory
      <select id="memory" title="How much this tab may hold; the oldest events go first">
        <option value="16">16 MB</option>
        <option value="64">64 MB</option>
        <option value="256">256 MB</option>
        <option value="1024">1 GB</option>
      </select>
    </label>
    <span id="follow-state" class="follow-state" data-state="following">following</span>
  </section>

  <section id="found" class="found" hidden aria-label="Found in older history">
    <div class="found-bar">
      <span id="found-note" role="status"></span>
      <button id="found-continue" type="button" hidden>Continue</button>
      <button id="found-close" type="button" aria-label="Close the results">&#10005;</button>
    </div>
    <ol id="found-list" class="found-list"></ol>
  </section>

  <main id="viewport" class="viewport" tabindex="0" role="listbox" aria-label="Log events (j/k or arrows move, Enter opens)">
    <div class="spacer" role="presentation"></div>
    <div class="rows" role="presentation"></div>
  </main>
  <button id="jump" class="jump" type="button" hidden>0 new — jump to latest</button>
  <div id="announce" class="sr-only" role="status" aria-live="polite"></div>
  <div id="toast" class="toast" role="status" hidden></div>

  <aside id="details" class="details" hidden aria-label="Event details"></aside>

  <div id="alerts" class="help" role="dialog" aria-modal="true" aria-labelledby="alerts-title" hidden>
    <div class="help-box alerts-box">
      <h2 id="alerts-title">Alert rules</h2>
      <p class="muted">One rule a line: <code>[NAME:] COUNT LEVEL [from PREFIX] [containing TEXT] [where FIELD=VALUE] in N s|m</code>, for example <code>orders: 5 ERROR from com.acme. in 1 m</code></p>
      <textarea id="alert-rules" rows="8" spellcheck="false" aria-label="Alert rules, one a line" aria-describedby="alert-origin alert-error"></textarea>
      <p id="alert-origin" class="muted"></p>
      <p id="alert-error" class="alert-error" role="alert"></p>
      <button id="alerts-save" type="button">Save</button>
      <button id="alerts-close" type="button">Close</button>
    </div>
  </div>

  <div id="help" class="help" role="dialog" aria-modal="true" aria-labelledby="help-title" hidden>
    <div class="help-box">
      <h2 id="help-title">Keyboard shortcuts</h2>
      <dl>
        <dt><kbd>/</kbd></dt><dd>search (Enter: next match)</dd>
        <dt><kbd>n</kbd> <kbd>N</kbd></dt><dd>next / previous match</dd>
        <dt><kbd>j</kbd> <kbd>k</kbd> <kbd>&#8595;</kbd> <kbd>&#8593;</kbd></dt><dd>next / previous row</dd>
        <dt><kbd>Enter</kbd></dt><dd>open the row's details</dd>
        <dt><kbd>c</kbd></dt><dd>copy the row as a line</dd>
        <dt><kbd>w</kbd></dt><dd>wrap the row in place (whole message and stack)</dd>
        <dt><kbd>Esc</kbd></dt><dd>clear the search, close details or this help</dd>
        <dt><kbd>Space</kbd></dt><dd>pause or resume following</dd>
        <dt><kbd>g</kbd></dt><dd>top (oldest held)</dd>
        <dt><kbd>G</kbd></dt><dd>bottom (latest, follow)</dd>
        <dt><kbd>t</kbd></dt><dd>switch theme</dd>
        <dt><kbd>z</kbd></dt><dd>switch time zone (local, UTC, relative)</dd>
        <dt><kbd>?</kbd></dt><dd>this help</dd>
      </dl>
      <button id="help-close" type="button">Close</button>
    </div>
  </div>
</body>
</html>
