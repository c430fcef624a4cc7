package io.livelog.dashboard;

import io.livelog.testsupport.Deployments;
import jakarta.json.Json;
import java.io.StringReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard as the tests and the bench see it: where its parts are (selectors), what it says
 * about itself through its test probe ({@code window.livelog}, loaded only when local storage asks
 * for it), and what a user does with it. Tests read like a user's steps; when the page changes,
 * this is the one class to change with it.
 */
final class DashboardPage {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final int WIDTH = 1400;
  static final int HEIGHT = 900;

  private static final String VISIBLE_ROW = "#viewport .row:not([hidden])";
  private static final String EMBEDDABLE =
      "script, img, svg, iframe, object, embed, a, style, link, form, input, video, audio, base,"
          + " meta, marquee, details, template, math";

  final Browser browser;
  final WebDriver driver;

  DashboardPage(Browser browser) {
    this.browser = browser;
    this.driver = browser.driver;
  }

  // ---- getting there ------------------------------------------------------------------------

  /** Signs in through the form as the admin, as a user does, and asks for the test probe. */
  void login() {
    driver.get(browser.base + "login.jsp");
    signIn();
    until(WAIT, d -> !d.getCurrentUrl().contains("login"));
    enableProbe();
  }

  /** Fills in and sends the sign-in form shown now. */
  void signIn() {
    driver.findElement(By.id("username")).sendKeys("admin");
    driver.findElement(By.id("password")).sendKeys(Deployments.ADMIN_PASSWORD);
    driver.findElement(By.id("sign-in")).click();
  }

  private void enableProbe() {
    js("localStorage.setItem('livelog.probe', '1')");
  }

  /**
   * Loads the dashboard afresh with a query (like "?level=WARN", or "" for none), signing in when
   * the server asks, and waits until it shows its first history and is connected.
   */
  void open(String query) {
    driver.get(browser.base + query);
    if (driver.getCurrentUrl().contains("login.jsp")) {
      login();
      driver.get(browser.base + query);
    }
    awaitConnected(Duration.ofSeconds(30));
  }

  void awaitConnected(Duration timeout) {
    until(
        timeout,
        d ->
            Boolean.TRUE.equals(
                js(
                    "return !!window.livelog && window.livelog.ready()"
                        + " && document.getElementById('status').dataset.state === 'connected'")));
  }

  /**
   * A known starting point: one tab, the usual window size, no emulated media or network, and
   * nothing remembered in local storage but the request for the test probe (theme, time zone,
   * memory, saved search and election mode back to their defaults). Then the page is loaded.
   */
  void reset() {
    closeOtherTabs();
    driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
    colorScheme(null);
    offline(false);
    browser.cdp("Network.disable", Map.of());
    if (!driver.getCurrentUrl().startsWith(browser.base)) {
      open(""); // signs in: local storage belongs to the origin
    }
    js("localStorage.clear()");
    enableProbe();
    open("");
  }

  /** Opens a new tab on the dashboard; answers its handle. */
  String newTab(String query) {
    driver.switchTo().newWindow(WindowType.TAB);
    open(query);
    return driver.getWindowHandle();
  }

  String tab() {
    return driver.getWindowHandle();
  }

  void switchTo(String tab) {
    driver.switchTo().window(tab);
  }

  /** Closes this tab (the driver then points nowhere until {@link #switchTo}). */
  void closeTab() {
    driver.close();
  }

  /** Closes every tab but one and stays on that one. */
  void closeOtherTabs() {
    String keep = driver.getWindowHandles().iterator().next();
    for (String handle : driver.getWindowHandles()) {
      if (!handle.equals(keep)) {
        driver.switchTo().window(handle);
        driver.close();
      }
    }
    driver.switchTo().window(keep);
  }

  /** The address's query, decoded (what a shared link carries). */
  String query() {
    String current = driver.getCurrentUrl();
    int q = current.indexOf('?');
    return q < 0 ? "" : URLDecoder.decode(current.substring(q + 1), StandardCharsets.UTF_8);
  }

  String url() {
    return driver.getCurrentUrl();
  }

  // ---- what a user sees ----------------------------------------------------------------------

  WebElement byId(String id) {
    return driver.findElement(By.id(id));
  }

  String text(String id) {
    return byId(id).getText();
  }

  boolean shown(String id) {
    return byId(id).isDisplayed();
  }

  /** The connection's state ("connected", "reconnecting", "resumed", "signed-out", ...). */
  String state() {
    return byId("status").getDomAttribute("data-state");
  }

  String status() {
    return text("status");
  }

  String followState() {
    return text("follow-state");
  }

  String toast() {
    return String.valueOf(js("return document.getElementById('toast').textContent"));
  }

  List<WebElement> rows() {
    return driver.findElements(By.cssSelector(VISIBLE_ROW));
  }

  /** The message texts of the rows a user can see in the viewport, top to bottom. */
  @SuppressWarnings("unchecked")
  List<String> messages() {
    return (List<String>)
        js(
            "const v = document.getElementById('viewport').getBoundingClientRect();"
                + "return [...document.querySelectorAll('"
                + VISIBLE_ROW
                + "')]"
                + ".map(r => [r.getBoundingClientRect(), r.querySelector('.message').textContent])"
                + ".filter(x => x[0].bottom > v.top + 1 && x[0].top < v.bottom - 1)"
                + ".sort((a, b) => a[0].top - b[0].top).map(x => x[1])");
  }

  /** The visible messages that contain {@code tag}, top to bottom. */
  List<String> messages(String tag) {
    return messages().stream().filter(m -> m.contains(tag)).toList();
  }

  void awaitVisible(String message) {
    until(WAIT, d -> messages().contains(message));
  }

  /** The row showing exactly this message (looked up when asked: rows are reused). */
  WebElement row(String message) {
    return rowWhere("text()=" + xpathLiteral(message));
  }

  WebElement rowStartingWith(String prefix) {
    return rowWhere("starts-with(text(), " + xpathLiteral(prefix) + ")");
  }

  private WebElement rowWhere(String predicate) {
    return driver.findElement(
        By.xpath(
            "//div[contains(@class,'row') and not(@hidden)][span[@class='message' and "
                + predicate
                + "]]"));
  }

  /** A row's cell: "ts", "level", "source", "node", "logger", "message" or "more". */
  static String cell(WebElement row, String name) {
    return row.findElement(By.cssSelector("." + name)).getText();
  }

  /** The full logger name a row shows shortened (its title). */
  static String loggerTitle(WebElement row) {
    return row.findElement(By.cssSelector(".logger")).getDomAttribute("title");
  }

  /**
   * How many row elements the list keeps (visible or pooled), and how many elements the page has.
   */
  long rowElements() {
    return number("return document.querySelectorAll('#viewport .row').length");
  }

  long elements() {
    return number("return document.getElementsByTagName('*').length");
  }

  long scrollTop() {
    return number("return document.getElementById('viewport').scrollTop");
  }

  /** The height of the row under the cursor when unfolded in place (w), else 0. */
  long expandedCursorRowHeight() {
    return number(
        "const r = document.querySelector('#viewport .row.cursor.expanded');"
            + " return r ? r.getBoundingClientRect().height : 0");
  }

  boolean anyRowExpanded() {
    return !driver.findElements(By.cssSelector("#viewport .row.expanded")).isEmpty();
  }

  /** The time cells of the visible rows. */
  List<String> rowTimes() {
    return driver.findElements(By.cssSelector(VISIBLE_ROW + " .ts")).stream()
        .map(WebElement::getText)
        .toList();
  }

  /** The width of the first visible row's message, in CSS pixels. */
  long messageWidth() {
    return number(
        "return document.querySelector('"
            + VISIBLE_ROW
            + " .message').getBoundingClientRect().width");
  }

  /** Whether the first visible row shows its logger column. */
  boolean loggerColumnShown() {
    return !"none"
        .equals(
            js(
                "return getComputedStyle(document.querySelector('"
                    + VISIBLE_ROW
                    + " .logger')).display"));
  }

  /** Whether anything on the page is a live region over every row (role=log). */
  boolean hasLogRegion() {
    return !driver.findElements(By.cssSelector("[role=log]")).isEmpty();
  }

  boolean focusInside(String id) {
    return Boolean.TRUE.equals(
        js("return !!document.activeElement.closest('#' + arguments[0])", id));
  }

  /** The chart's text alternative. */
  String rateText() {
    return String.valueOf(js("return document.getElementById('rate-text').textContent"));
  }

  /** The theme the page applied ("light", "dark"; null: the system's). */
  String appliedTheme() {
    return (String) js("return document.documentElement.dataset.theme");
  }

  WebElement gapRow() {
    return driver.findElement(By.cssSelector("#viewport .row.gap"));
  }

  /** The message of the row the keyboard cursor is on, or null. */
  String cursorMessage() {
    return (String)
        js(
            "const r = document.querySelector('#viewport .row.cursor:not([hidden]) .message');"
                + "return r ? r.textContent : null");
  }

  @SuppressWarnings("unchecked")
  List<String> marks() {
    return (List<String>)
        js("return [...document.querySelectorAll('#viewport .row mark')].map(m => m.textContent)");
  }

  WebElement details() {
    return byId("details");
  }

  boolean detailsShown() {
    return details().isDisplayed();
  }

  /** A part of the open details: "thrown", "fields", "message". */
  String detailsPart(String part) {
    return details().findElement(By.cssSelector(".details-" + part)).getText();
  }

  /** A button or value inside the open details, by its class ("logger-fine", "node-value", ...). */
  WebElement inDetails(String cssClass) {
    return details().findElement(By.cssSelector("." + cssClass));
  }

  boolean detailsHave(String cssClass) {
    return !details().findElements(By.cssSelector("." + cssClass)).isEmpty();
  }

  /** The value of one of the event's fields in the open details (a click filters by it). */
  WebElement detailsField(String key) {
    return details().findElement(By.cssSelector(".field-value[data-field=" + key + "]"));
  }

  /** The button that unfolds the stack trace's platform frames. */
  WebElement foldButton() {
    return details().findElement(By.cssSelector(".details-thrown button.fold"));
  }

  boolean detailsLoading() {
    return !driver.findElements(By.cssSelector("#details .details-loading")).isEmpty();
  }

  WebElement levelChip(String level) {
    return driver.findElement(By.cssSelector("#levels [data-level=" + level + "]"));
  }

  WebElement sourceChip(String source) {
    return driver.findElement(By.cssSelector("#sources [data-source='" + source + "']"));
  }

  /** A removable filter chip: "field" (with its key), "node", "app" or "trace". */
  WebElement filterChip(String kind, String key) {
    String attribute = key == null ? "[data-" + kind + "]" : "[data-" + kind + "=" + key + "]";
    return driver.findElement(By.cssSelector("#field-chips " + attribute));
  }

  WebElement search() {
    return byId("search");
  }

  String matches() {
    return text("matches");
  }

  /** Chooses one of the events found in older history (0: the newest found). */
  void chooseFound(int index) {
    driver.findElements(By.cssSelector("#found-list .found-row")).get(index).click();
  }

  List<String> foundMessages() {
    return driver.findElements(By.cssSelector("#found-list .found-row .message")).stream()
        .map(WebElement::getText)
        .toList();
  }

  /** The relative luminance (0 black .. 1 white) of the page's background. */
  double background() {
    String color = (String) js("return getComputedStyle(document.body).backgroundColor");
    String[] rgb = color.replaceAll("[^0-9,.]", "").split(",");
    return (0.2126 * Double.parseDouble(rgb[0])
            + 0.7152 * Double.parseDouble(rgb[1])
            + 0.0722 * Double.parseDouble(rgb[2]))
        / 255;
  }

  /**
   * The visible texts (rows and their level badges, chips, buttons, labels) whose contrast with
   * their background is below WCAG AA's 4.5:1.
   */
  @SuppressWarnings("unchecked")
  List<String> lowContrast() {
    return (List<String>)
        js(
            "const parse = c => c.match(/[\\d.]+/g).map(Number);"
                + "const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };"
                + "  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };"
                + "const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };"
                + "const bgOf = el => { for (let e = el; e; e = e.parentElement) { const p = parse(getComputedStyle(e).backgroundColor);"
                + "  if (p.length < 4 || p[3] > 0.5) return p; } return [255, 255, 255]; };"
                + "const bad = [];"
                + "for (const el of document.querySelectorAll('#viewport .row:not([hidden]):not(.gap) > *, .chip, .chip .count,"
                + " .bar button, .controls button, .shown, .follow-state, .status, .field, .matches, #details h2, #details dd')) {"
                + "  if (!el.textContent.trim() || el.offsetParent === null) continue;"
                + "  const r = ratio(parse(getComputedStyle(el).color), bgOf(el));"
                + "  if (r < 4.5) bad.push(el.className + ' \"' + el.textContent.slice(0, 20) + '\" ' + r.toFixed(2));"
                + "}"
                + "return bad;");
  }

  /** The ids and classes of elements (outside the list) that stick out past the window's width. */
  @SuppressWarnings("unchecked")
  List<String> widerThanTheWindow() {
    return (List<String>)
        js(
            "return [...document.querySelectorAll('body *')].filter(e => e.offsetParent !== null"
                + " && !e.closest('#viewport') && e.getBoundingClientRect().right > window.innerWidth + 1)"
                + ".map(e => (e.id || e.className || e.tagName) + ' ' + Math.round(e.getBoundingClientRect().right))");
  }

  boolean scrollsSideways() {
    return number("return document.documentElement.scrollWidth")
        > number("return window.innerWidth");
  }

  /** How many elements that could carry or run markup the page has. */
  long embeddableElements() {
    return number("return document.querySelectorAll('" + EMBEDDABLE + "').length");
  }

  /** The tag names found inside the list's rows. */
  List<String> tagsInRows() {
    String tags =
        (String)
            js(
                "return [...new Set([...document.querySelectorAll('#viewport .row *')].map(e => e.tagName))].join()");
    return List.of(tags.split(","));
  }

  // ---- what a user does ----------------------------------------------------------------------

  /**
   * Starts recording what the Content-Security-Policy refuses, and answers how many elements that
   * could carry or run markup the page has now.
   */
  long watchForViolations() {
    js(
        "window.__violations = [];"
            + "document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective));");
    return embeddableElements();
  }

  @SuppressWarnings("unchecked")
  List<String> violations() {
    return (List<String>) js("return window.__violations");
  }

  /** What a hostile payload would have set had it run (window.__pwned). */
  Object pwned() {
    return js("return window.__pwned");
  }

  /** Makes tabs elect their leader over the channel, as where the browser has no Web Locks. */
  void electByLease() {
    js("localStorage.setItem('livelog.election', 'lease')");
  }

  /** Types keys with nothing focused (the page's shortcuts). */
  void press(CharSequence... keys) {
    js("if (document.activeElement) document.activeElement.blur()");
    driver.findElement(By.tagName("body")).sendKeys(keys);
  }

  /** Types keys into whatever has the focus. */
  void type(CharSequence... keys) {
    driver.switchTo().activeElement().sendKeys(keys);
  }

  void click(String id) {
    byId(id).click();
  }

  void searchMode(String mode) {
    new Select(byId("search-mode")).selectByValue(mode);
  }

  void scrollToTop() {
    js("document.getElementById('viewport').scrollTop = 0");
  }

  void scrollToBottom() {
    js("const v = document.getElementById('viewport'); v.scrollTop = v.scrollHeight");
  }

  void scrollToRow(int index) {
    js("document.getElementById('viewport').scrollTop = arguments[0] * 22", index);
  }

  void focusList() {
    js("document.getElementById('viewport').focus()");
  }

  String focused() {
    return (String) js("return document.activeElement.id");
  }

  /** Lets the page use the clipboard and notifications (as a user who allowed them). */
  void allowClipboard() {
    String origin = browser.base.substring(0, browser.base.indexOf('/', "http://".length()));
    browser.cdp(
        "Browser.grantPermissions",
        Map.of(
            "origin",
            origin,
            "permissions",
            List.of("clipboardReadWrite", "clipboardSanitizedWrite", "notifications")));
  }

  /** The text on the clipboard, read through the page. */
  String clipboard() {
    return (String)
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "navigator.clipboard.readText().then(done, e => done('no clipboard: ' + e))");
  }

  /** Emulates the network going away ({@code true}) or coming back. */
  void offline(boolean offline) {
    browser.cdp("Network.enable", Map.of());
    browser.cdp(
        "Network.emulateNetworkConditions",
        Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
  }

  /** Emulates the system's colour scheme ("dark", "light"; null: none). */
  void colorScheme(String scheme) {
    browser.cdp(
        "Emulation.setEmulatedMedia",
        Map.of(
            "features",
            scheme == null
                ? List.of()
                : List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
  }

  // ---- the test probe (window.livelog) ---------------------------------------------------------

  long held() {
    return number("return window.livelog.held()");
  }

  /** Events that pass the filter (the view), not only those on screen. */
  long inView() {
    return number("return window.livelog.shown()");
  }

  long bytes() {
    return number("return window.livelog.bytes()");
  }

  long budget() {
    return number("return window.livelog.budget()");
  }

  long domRows() {
    return number("return window.livelog.domRows()");
  }

  long reconnects() {
    return number("return window.livelog.reconnects()");
  }

  long silenceLimit() {
    return number("return window.livelog.silenceLimit()");
  }

  long metrics() {
    return number("return window.livelog.metrics()");
  }

  long gaps() {
    return number("return window.livelog.gaps()");
  }

  String lastId() {
    return (String) js("return window.livelog.lastId()");
  }

  /** "leader", "follower" or "alone". */
  String role() {
    return (String) js("return window.livelog.role()");
  }

  /** "locks", "lease" or "alone". */
  String election() {
    return (String) js("return window.livelog.election()");
  }

  String streamUrl() {
    return String.valueOf(js("return window.livelog.streamUrl()"));
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> serverSays() {
    return (Map<String, Object>) js("return window.livelog.serverSays()");
  }

  @SuppressWarnings("unchecked")
  Map<String, Number> counts() {
    return (Map<String, Number>) js("return window.livelog.counts()");
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> gapEvents() {
    return (List<Map<String, Object>>) js("return window.livelog.gapEvents()");
  }

  /** Whether the page holds an event whose message contains the text (shown or not). */
  boolean holds(String text) {
    return Boolean.TRUE.equals(js("return window.livelog.has(arguments[0])", text));
  }

  /** The held messages that contain {@code tag}, oldest first. */
  @SuppressWarnings("unchecked")
  List<String> heldMessages(String tag) {
    return (List<String>) js("return window.livelog.messages(arguments[0])", tag);
  }

  @SuppressWarnings("unchecked")
  List<String> viewIds() {
    return (List<String>) js("return window.livelog.viewIds()");
  }

  /** The messages of the whole view (what Download NDJSON gives), top to bottom. */
  List<String> viewMessages() {
    List<String> messages = new ArrayList<>();
    for (String line : ((String) js("return window.livelog.ndjson()")).lines().toList()) {
      messages.add(Json.createReader(new StringReader(line)).readObject().getString("message"));
    }
    return messages;
  }

  /** What the title and favicon said while hidden, and notifications, joined by "|". */
  String attentionLog() {
    return String.valueOf(js("return window.livelog.attentionLog().join('|')"));
  }

  /** The search text of the page's filter. */
  String filterQuery() {
    return String.valueOf(js("return window.livelog.filter().q"));
  }

  // ---- measurements (the bench) ----------------------------------------------------------------

  void resetPaint() {
    js("window.livelog.resetPaint()");
  }

  Object paintLatencies() {
    return js("return window.livelog.paintLatencies()");
  }

  Object e2eLatencies() {
    return js("return window.livelog.e2eLatencies()");
  }

  Object longTasks() {
    return js("return window.livelog.longTasks()");
  }

  // ---- plumbing ------------------------------------------------------------------------------

  <T> T until(Duration timeout, Function<WebDriver, T> condition) {
    return browser.until(timeout, condition);
  }

  Object js(String script, Object... args) {
    return browser.js(script, args);
  }

  long number(String script, Object... args) {
    return browser.number(script, args);
  }

  /** An XPath string literal for any text (concat() when it holds both kinds of quote). */
  static String xpathLiteral(String text) {
    if (!text.contains("'")) {
      return "'" + text + "'";
    }
    if (!text.contains("\"")) {
      return "\"" + text + "\"";
    }
    return "concat('" + text.replace("'", "', \"'\", '") + "')";
  }
}
