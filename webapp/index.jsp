<%@ page contentType="text/html;charset=UTF-8" pageEncoding="UTF-8" session="true" %>
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light dark">
  <title>Livelog</title>
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
    <button id="theme" type="button" title="Switch theme (t)">Theme: system</button>
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
    <label class="field">Logger <input id="logger" list="loggers" placeholder="prefix, prefix…" autocomplete="off" spellcheck="false"></label>
    <datalist id="loggers"></datalist>
    <label class="field">Search <input id="search" type="search" placeholder="press /" autocomplete="off" spellcheck="false"></label>
    <select id="search-mode" aria-label="Search mode">
      <option value="filter">filter</option>
      <option value="highlight">highlight only</option>
    </select>
    <span class="grow"></span>
    <button id="pause" type="button" aria-pressed="false" title="Pause or resume following (space)">Pause</button>
    <button id="top" type="button" title="Oldest held (g)">Top</button>
    <button id="clear" type="button" title="Forget what is shown">Clear</button>
    <button id="download" type="button" title="Download the current view as NDJSON">Download</button>
  </section>

  <section class="overview">
    <canvas id="rate" class="rate" aria-label="Events per second by level, last five minutes"></canvas>
    <span id="shown" class="shown"></span>
    <span id="follow-state" class="follow-state" data-state="following">following</span>
  </section>

  <main id="viewport" class="viewport" tabindex="0" aria-label="Log events">
    <div class="spacer"></div>
    <div class="rows" role="log"></div>
  </main>
  <button id="jump" class="jump" type="button" hidden>0 new — jump to latest</button>

  <aside id="details" class="details" hidden aria-label="Event details"></aside>

  <div id="help" class="help" role="dialog" aria-modal="true" aria-labelledby="help-title" hidden>
    <div class="help-box">
      <h2 id="help-title">Keyboard shortcuts</h2>
      <dl>
        <dt><kbd>/</kbd></dt><dd>search</dd>
        <dt><kbd>Esc</kbd></dt><dd>clear the search, close details or this help</dd>
        <dt><kbd>Space</kbd></dt><dd>pause or resume following</dd>
        <dt><kbd>g</kbd></dt><dd>top (oldest held)</dd>
        <dt><kbd>G</kbd></dt><dd>bottom (latest, follow)</dd>
        <dt><kbd>t</kbd></dt><dd>switch theme</dd>
        <dt><kbd>?</kbd></dt><dd>this help</dd>
      </dl>
      <button id="help-close" type="button">Close</button>
    </div>
  </div>
</body>
</html>
