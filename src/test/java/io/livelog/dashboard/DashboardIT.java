package io.livelog.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.testsupport.Api;
import io.livelog.testsupport.Deployments;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URL;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

/**
 * The dashboard in headless Chromium against the real server on Payara Micro. The browser goes
 * through a {@link CuttableProxy} on 127.0.0.1 so a test can cut its streams and make the server
 * look restarted; events are fed through {@code POST /api/logs}. Every test opens the page afresh
 * and tags its events, so the tests do not depend on each other's order (which only keeps the
 * sign-out tests last, to save logins).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @Deployment(testable = false)
  static WebArchive deployment() {
    // the memory ring alone: the page's gap display needs a resume older than the ring, which the
    // store (StoreIT) would fill from disk
    return Deployments.livelog("livelog.ingest.maxBytes=4194304", "livelog.store.enabled=false");
  }

  @ArquillianResource URL url;

  static CuttableProxy proxy;
  static Browser browser;
  Api api;
  Feed feed;

  @BeforeEach
  void setUp() throws IOException {
    api = new Api(url);
    feed = new Feed(api);
    if (proxy == null) {
      proxy = new CuttableProxy(url.getPort());
    }
    proxy.up();
    if (browser == null) {
      browser = Browser.start("http://127.0.0.1:" + proxy.port() + api.base().getPath(), 1400, 900);
      browser.login();
    }
    browser.driver.manage().window().setSize(new Dimension(1400, 900));
  }

  @AfterAll
  static void tearDown() throws IOException {
    if (browser != null) {
      browser.close();
      browser = null;
    }
    if (proxy != null) {
      proxy.close();
      proxy = null;
    }
  }

  static String tag() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private List<JsonObject> numbered(int count, String level, String source, String text) {
    return IntStream.range(0, count)
        .mapToObj(i -> Feed.event(level, source, text.replace("#", Integer.toString(i))))
        .toList();
  }

  private void awaitVisible(String message) {
    browser.until(WAIT, d -> browser.messages().contains(message));
  }

  private String query() {
    String current = browser.driver.getCurrentUrl();
    int q = current.indexOf('?');
    return q < 0 ? "" : URLDecoder.decode(current.substring(q + 1), StandardCharsets.UTF_8);
  }

  private void press(CharSequence... keys) {
    browser.js("if (document.activeElement) document.activeElement.blur()");
    browser.driver.findElement(By.tagName("body")).sendKeys(keys);
  }

  @Test
  @Order(1)
  void liveEventsShowTheirColumnsAndUnfoldStackTracesFieldsAndJson() {
    browser.open("");
    String tag = tag();
    String text = "Order 42 took 812 ms " + tag;
    String json = "{\"user\":\"ada\",\"tag\":\"" + tag + "\",\"roles\":[\"admin\",\"ops\"]}";
    feed.post(
        Feed.event("WARN", "orders", "com.acme.orders.OrderService", text)
            .add(
                "thrown",
                "java.lang.IllegalStateException: boom\n\tat com.acme.Foo.bar(Foo.java:7)")
            .add("orderId", 42)
            .build(),
        Feed.event("INFO", "orders", "com.acme.Json", json).build());
    awaitVisible(json);

    WebElement row =
        browser.driver.findElement(
            By.xpath(
                "//div[contains(@class,'row') and not(@hidden)][span[@class='message' and text()='"
                    + text
                    + "']]"));
    String id = api.history("?q=" + tag).getJsonObject(0).getString("id");
    assertThat(row.getDomAttribute("data-id")).isEqualTo(id);
    assertThat(row.findElement(By.cssSelector(".level")).getText()).isEqualTo("WARN");
    assertThat(row.getDomAttribute("class")).contains("lvl-WARN");
    assertThat(row.findElement(By.cssSelector(".source")).getText()).isEqualTo("orders");
    WebElement logger = row.findElement(By.cssSelector(".logger"));
    assertThat(logger.getText()).isEqualTo("c.a.o.OrderService");
    assertThat(logger.getDomAttribute("title")).isEqualTo("com.acme.orders.OrderService");
    assertThat(row.findElement(By.cssSelector(".ts")).getText())
        .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
    assertThat(row.findElement(By.cssSelector(".more")).getText())
        .contains("stack")
        .contains("1 fields");

    row.click();
    WebElement details = browser.byId("details");
    browser.until(WAIT, d -> details.isDisplayed());
    assertThat(details.findElement(By.cssSelector(".details-thrown")).getText())
        .contains("java.lang.IllegalStateException: boom")
        .contains("at com.acme.Foo.bar(Foo.java:7)");
    assertThat(details.findElement(By.cssSelector(".details-fields")).getText())
        .contains("\"orderId\": 42");
    assertThat(details.getText()).contains(id).contains("com.acme.orders.OrderService");

    browser
        .driver
        .findElement(
            By.xpath(
                "//div[contains(@class,'row') and not(@hidden)][span[@class='message' and contains(text(),'\"ada\"')]]"))
        .click();
    browser.until(
        WAIT,
        d ->
            details
                .findElement(By.cssSelector(".details-message"))
                .getText()
                .contains("\"user\": \"ada\""));
    assertThat(details.findElement(By.cssSelector(".details-message")).getText())
        .contains("\"roles\": [\n    \"admin\",");
    press(Keys.ESCAPE);
    browser.until(WAIT, d -> !details.isDisplayed());

    // the latest health sample and the end-to-end latency, from the stream
    browser.until(
        WAIT,
        d ->
            browser.byId("health").getText().matches("heap [\\d,]+ / [\\d,]+ MB · threads \\d+.*"));
    browser.until(WAIT, d -> browser.byId("latency").getText().matches("latency -?\\d+ ms · .*"));
    assertThat(browser.byId("status").getText()).isEqualTo("connected");
  }

  @Test
  @Order(2)
  void filtersApplyAtOnceChangeTheStreamAndRoundTripThroughTheUrl() {
    browser.open("");
    String tag = tag();
    String source = "flt-" + tag;
    feed.post(
        Feed.event("INFO", source, "com.acme.orders.A", "alpha one " + tag).build(),
        Feed.event("WARN", source, "com.acme.billing.B", "beta two " + tag).build(),
        Feed.event("ERROR", source, "com.acme.orders.C", "gamma three " + tag).build(),
        Feed.event("DEBUG", source, "org.other.D", "delta four " + tag).build(),
        Feed.event("WARN", "other-" + tag, "com.acme.orders.E", "beta other " + tag).build());
    awaitVisible("beta other " + tag);
    assertThat(browser.messages(tag)).hasSize(5);

    browser.driver.findElement(By.cssSelector("#levels [data-level=WARN]")).click();
    browser.until(
        WAIT,
        d ->
            browser
                .messages(tag)
                .equals(List.of("beta two " + tag, "gamma three " + tag, "beta other " + tag)));
    assertThat(query()).contains("level=WARN");
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("[data-level=ERROR]"))
                .getDomAttribute("class"))
        .contains("on");
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("[data-level=INFO]"))
                .getDomAttribute("class"))
        .doesNotContain("on");

    browser.driver.findElement(By.cssSelector("#sources [data-source='" + source + "']")).click();
    browser.until(
        WAIT, d -> browser.messages(tag).equals(List.of("beta two " + tag, "gamma three " + tag)));
    assertThat(query()).contains("source=" + source);

    WebElement logger = browser.byId("logger");
    logger.sendKeys("com.acme.orders");
    browser.until(WAIT, d -> browser.messages(tag).equals(List.of("gamma three " + tag)));
    assertThat(query()).contains("logger=com.acme.orders");
    logger.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    browser.until(WAIT, d -> browser.messages(tag).size() == 2);

    WebElement search = browser.byId("search");
    search.sendKeys("GAMMA");
    browser.until(WAIT, d -> browser.messages(tag).equals(List.of("gamma three " + tag)));
    assertThat(query()).contains("q=GAMMA").doesNotContain("mode=");
    browser.until(
        WAIT,
        d ->
            String.valueOf(browser.js("return window.livelog.streamUrl()")).contains("level=WARN"));
    // the text search runs on what the page holds: the stream is not reopened for it
    assertThat(String.valueOf(browser.js("return window.livelog.streamUrl()")))
        .doesNotContain("q=");

    new org.openqa.selenium.support.ui.Select(browser.byId("search-mode"))
        .selectByValue("highlight");
    browser.until(WAIT, d -> browser.messages(tag).size() == 2);
    assertThat(query()).contains("q=GAMMA").contains("mode=highlight");
    @SuppressWarnings("unchecked")
    List<String> marks =
        (List<String>)
            browser.js(
                "return [...document.querySelectorAll('#viewport .row mark')].map(m => m.textContent)");
    assertThat(marks).contains("gamma");

    // the link reproduces the view: same controls, same rows (from history), same server filter
    String link = browser.driver.getCurrentUrl();
    browser.driver.get("about:blank");
    browser.open(link.substring(link.indexOf('?')));
    browser.until(
        WAIT, d -> browser.messages(tag).equals(List.of("beta two " + tag, "gamma three " + tag)));
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("[data-level=WARN]"))
                .getDomAttribute("aria-pressed"))
        .isEqualTo("true");
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("[data-source='" + source + "']"))
                .getDomAttribute("aria-pressed"))
        .isEqualTo("true");
    assertThat(browser.byId("search").getDomProperty("value")).isEqualTo("GAMMA");
    assertThat(browser.byId("search-mode").getDomProperty("value")).isEqualTo("highlight");
    assertThat(browser.driver.findElements(By.cssSelector("#viewport .row mark"))).isNotEmpty();
    String stream = String.valueOf(browser.js("return window.livelog.streamUrl()"));
    assertThat(stream).contains("level=WARN").contains("source=" + source).doesNotContain("q=");

    // live events go through the same filters
    feed.post(
        Feed.event("INFO", source, "com.acme.orders.A", "zeta hidden " + tag).build(),
        Feed.event("ERROR", source, "com.acme.orders.A", "epsilon shown " + tag).build());
    awaitVisible("epsilon shown " + tag);
    assertThat(browser.messages(tag)).doesNotContain("zeta hidden " + tag);

    // widening the filter brings back what the narrower stream never sent
    browser.driver.findElement(By.cssSelector("#levels [data-level=WARN]")).click();
    browser.until(WAIT, d -> browser.messages(tag).contains("zeta hidden " + tag));
    assertThat(browser.messages(tag)).contains("alpha one " + tag, "delta four " + tag);
    assertThat(new HashSet<>(viewIds())).hasSameSizeAs(viewIds());
  }

  /** The messages of the whole view (what Download NDJSON gives), top to bottom. */
  private List<String> viewMessages() {
    String ndjson = (String) browser.js("return window.livelog.ndjson()");
    return ndjson
        .lines()
        .map(l -> Json.createReader(new java.io.StringReader(l)).readObject().getString("message"))
        .toList();
  }

  @SuppressWarnings("unchecked")
  private List<String> viewIds() {
    return (List<String>) browser.js("return window.livelog.viewIds()");
  }

  @Test
  @Order(3)
  void followPausesOnScrollUpAndCountsWhatArrivesWithAJumpToLatest() {
    browser.open("");
    String tag = tag();
    feed.post(numbered(200, "INFO", "follow", "follow # " + tag));
    awaitVisible("follow 199 " + tag);
    WebElement jump = browser.byId("jump");
    WebElement follow = browser.byId("follow-state");
    assertThat(jump.isDisplayed()).isFalse();
    assertThat(follow.getText()).isEqualTo("following");

    browser.js("document.getElementById('viewport').scrollTop = 0");
    browser.until(WAIT, d -> follow.getText().equals("paused (scrolled up)"));
    feed.post(numbered(25, "WARN", "follow", "late # " + tag));
    browser.until(
        WAIT, d -> jump.isDisplayed() && jump.getText().equals("25 new — jump to latest"));
    assertThat(browser.messages(tag))
        .noneMatch(m -> m.startsWith("late") || m.startsWith("follow 199 "));

    jump.click();
    awaitVisible("late 24 " + tag);
    browser.until(WAIT, d -> !jump.isDisplayed() && follow.getText().equals("following"));

    // an explicit pause holds the view still until resumed
    press(Keys.SPACE);
    browser.until(WAIT, d -> follow.getText().equals("paused"));
    assertThat(browser.byId("pause").getText()).isEqualTo("Resume");
    feed.post(numbered(5, "ERROR", "follow", "while paused # " + tag));
    browser.until(WAIT, d -> jump.isDisplayed() && jump.getText().equals("5 new — jump to latest"));
    assertThat(browser.messages(tag))
        .contains("late 24 " + tag)
        .doesNotContain("while paused 4 " + tag);
    // scrolling to the bottom does not end an explicit pause
    browser.js("const v = document.getElementById('viewport'); v.scrollTop = v.scrollHeight");
    browser.until(WAIT, d -> browser.messages(tag).contains("while paused 4 " + tag));
    assertThat(follow.getText()).isEqualTo("paused");
    browser.byId("pause").click();
    browser.until(WAIT, d -> follow.getText().equals("following") && !jump.isDisplayed());
    feed.post(Feed.event("INFO", "follow", "after resume " + tag));
    awaitVisible("after resume " + tag);

    // clear forgets what is shown; the stream goes on
    browser.byId("clear").click();
    browser.until(WAIT, d -> browser.messages(tag).isEmpty());
    feed.post(Feed.event("INFO", "follow", "after clear " + tag));
    browser.until(WAIT, d -> browser.messages(tag).equals(List.of("after clear " + tag)));
  }

  @Test
  @Order(4)
  void keyboardShortcutsSearchPauseMoveAndExplain() {
    browser.open("");
    String tag = tag();
    feed.post(numbered(300, "INFO", "keys", "key # " + tag));
    awaitVisible("key 299 " + tag);

    press("/");
    browser.until(WAIT, d -> "search".equals(browser.js("return document.activeElement.id")));
    browser.byId("search").sendKeys("key 12" + "3 " + tag);
    browser.until(WAIT, d -> browser.messages(tag).equals(List.of("key 123 " + tag)));
    assertThat(query()).contains("q=key 123 " + tag);
    browser.byId("search").sendKeys(Keys.ESCAPE);
    browser.until(WAIT, d -> browser.messages(tag).size() > 10);
    assertThat(browser.byId("search").getDomProperty("value")).isEmpty();
    assertThat(query()).doesNotContain("q=");

    press("?");
    WebElement help = browser.byId("help");
    browser.until(WAIT, d -> help.isDisplayed());
    assertThat(help.getText())
        .contains("search")
        .contains("pause")
        .contains("top")
        .contains("bottom");
    press(Keys.ESCAPE);
    browser.until(WAIT, d -> !help.isDisplayed());

    press("g");
    browser.until(
        WAIT, d -> browser.number("return document.getElementById('viewport').scrollTop") == 0);
    assertThat(browser.byId("follow-state").getText()).startsWith("paused");
    assertThat(browser.messages(tag)).doesNotContain("key 299 " + tag);
    press("G");
    awaitVisible("key 299 " + tag);
    browser.until(WAIT, d -> browser.byId("follow-state").getText().equals("following"));

    press(" ");
    browser.until(WAIT, d -> browser.byId("follow-state").getText().equals("paused"));
    press(" ");
    browser.until(WAIT, d -> browser.byId("follow-state").getText().equals("following"));
  }

  @Test
  @Order(5)
  void aHundredThousandEventsAreHeldWhileOnlyTheVisibleRowsExist() {
    browser.open("");
    String tag = tag();
    String[] levels = {"TRACE", "DEBUG", "INFO", "INFO", "INFO", "WARN", "ERROR"};
    List<JsonObject> events = new ArrayList<>(1000);
    for (int i = 0; i < 100_000; i++) {
      events.add(Feed.event(levels[i % levels.length], "virt", "v " + i + " " + tag));
      if (events.size() == 1000) {
        feed.post(events);
        events.clear();
      }
    }
    browser.until(Duration.ofSeconds(180), d -> browser.messages().contains("v 99999 " + tag));
    browser.until(WAIT, d -> browser.number("return window.livelog.held()") == 100_000);
    assertThat(browser.number("return window.livelog.shown()")).isEqualTo(100_000);
    assertThat(browser.number("return window.livelog.domRows()")).isLessThan(80);
    assertThat(browser.number("return document.querySelectorAll('#viewport .row').length"))
        .isLessThan(100);
    assertThat(browser.number("return document.getElementsByTagName('*').length")).isLessThan(1500);
    long heap = browser.number("return performance.memory.usedJSHeapSize");
    System.out.printf("100,000 events held: JS heap %.1f MB%n", heap / 1048576.0);
    assertThat(heap).isLessThan(200L * 1024 * 1024);

    // searchable: all 100,000 are looked at, one matches
    browser.byId("search").sendKeys("v 77777 " + tag);
    browser.until(WAIT, d -> browser.messages(tag).equals(List.of("v 77777 " + tag)));
    assertThat(browser.number("return window.livelog.shown()")).isEqualTo(1);
    browser.byId("search").sendKeys(Keys.ESCAPE);
    browser.until(WAIT, d -> browser.number("return window.livelog.shown()") == 100_000);

    press("g");
    browser.until(WAIT, d -> browser.messages().get(0).startsWith("v "));
    assertThat(browser.number("return window.livelog.domRows()")).isLessThan(80);
    browser.js("document.getElementById('viewport').scrollTop = 50000 * 22");
    browser.until(
        WAIT, d -> browser.messages().stream().anyMatch(m -> m.matches("v [45]\\d{4} .*")));
    assertThat(browser.number("return window.livelog.domRows()")).isLessThan(80);
  }

  @Test
  @Order(6)
  void aCutStreamIsRetriedWithBackoffAndResumesWithoutLossOrDoubles() {
    browser.open("");
    String tag = tag();
    feed.post(numbered(10, "INFO", "cut", "before # " + tag));
    awaitVisible("before 9 " + tag);
    long reconnects = browser.number("return window.livelog.reconnects()");

    proxy.down(); // the stream is cut and the "server" answers 503 for a while
    WebElement status = browser.byId("status");
    browser.until(
        WAIT, d -> status.getText().matches("reconnecting \\(attempt [2-9]\\d*, in \\d+ s\\)"));
    assertThat(browser.state()).isEqualTo("reconnecting");
    feed.post(numbered(20, "WARN", "cut", "during # " + tag));

    proxy.up();
    browser.until(Duration.ofSeconds(60), d -> "connected".equals(browser.state()));
    awaitVisible("during 19 " + tag);
    List<String> expected = new ArrayList<>();
    IntStream.range(0, 10).forEach(i -> expected.add("before " + i + " " + tag));
    IntStream.range(0, 20).forEach(i -> expected.add("during " + i + " " + tag));
    List<String> visible = browser.messages(tag);
    assertThat(visible).isEqualTo(expected.subList(30 - visible.size(), 30));
    List<String> ids = viewIds();
    assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
    assertThat(browser.number("return window.livelog.reconnects()")).isGreaterThan(reconnects);
    assertThat(status.getText()).isEqualTo("connected");
    // and everything sent while away is held once, in order
    browser.byId("search").sendKeys(tag);
    browser.until(WAIT, d -> browser.number("return window.livelog.shown()") == 30);
    assertThat(viewMessages()).isEqualTo(expected);
  }

  @Test
  @Order(7)
  void aStreamThatGoesSilentIsReplacedByTheWatchdog() {
    browser.open("");
    String tag = tag();
    feed.post(Feed.event("INFO", "watchdog", "before silence " + tag));
    awaitVisible("before silence " + tag);
    long reconnects = browser.number("return window.livelog.reconnects()");
    // the page knows the health period (announced by the stream, or seen from a few samples)
    browser.until(WAIT, d -> browser.number("return window.livelog.silenceLimit()") <= 20_000);

    proxy.stall(); // the connection stays open, but nothing arrives: no metric, no ping, no logs
    feed.post(Feed.event("WARN", "watchdog", "during silence " + tag));
    // metrics come every second in this deployment: silence for 3 periods + 2 s is a dead stream
    // (a replacement may land on another socket the dead middlebox holds: each is replaced in turn)
    Duration dead = Duration.ofSeconds(60);
    browser.until(dead, d -> browser.number("return window.livelog.reconnects()") > reconnects);
    browser.until(dead, d -> "connected".equals(browser.state()));
    browser.until(dead, d -> browser.messages().contains("during silence " + tag));
    assertThat(browser.messages(tag))
        .containsExactly("before silence " + tag, "during silence " + tag);
  }

  @Test
  @Order(8)
  void comingBackOnlineReconnectsAtOnceInsteadOfWaitingOutTheBackoff() {
    browser.open("");
    String tag = tag();
    proxy.down();
    WebElement status = browser.byId("status");
    // let the backoff grow until the next try is at least 6 s away
    browser.until(
        Duration.ofSeconds(60),
        d -> {
          java.util.regex.Matcher m =
              java.util.regex.Pattern.compile("reconnecting \\(attempt \\d+, in (\\d+) s\\)")
                  .matcher(status.getText());
          return m.matches() && Integer.parseInt(m.group(1)) >= 6;
        });
    proxy.up();
    feed.post(Feed.event("INFO", "online", "back online " + tag));
    browser.cdp("Network.enable", Map.of());
    Map<String, Object> offline =
        Map.of("offline", true, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1);
    browser.cdp("Network.emulateNetworkConditions", offline);
    browser.until(WAIT, d -> status.getText().contains("offline"));
    Map<String, Object> online =
        Map.of("offline", false, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1);
    browser.cdp("Network.emulateNetworkConditions", online);
    long start = System.nanoTime();
    browser.until(WAIT, d -> "connected".equals(browser.state()));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(millis).as("reconnected %d ms after coming online", millis).isLessThan(4000);
    awaitVisible("back online " + tag);
    browser.cdp("Network.disable", Map.of());
  }

  @Test
  @Order(9)
  void aResumeThatHistoryCannotServeShowsTheGap() {
    browser.open("");
    String tag = tag();
    feed.post(Feed.event("INFO", "gap", "before the gap " + tag));
    awaitVisible("before the gap " + tag);
    long held = Long.parseLong((String) browser.js("return window.livelog.lastId()"));

    proxy.down();
    browser.until(WAIT, d -> "reconnecting".equals(browser.state()));
    feed.post(numbered(10_500, "DEBUG", "gap", "missed # " + tag)); // history holds 10,000
    // a 202 means queued for the relay (this deployment has no store): wait until it recorded them
    org.awaitility.Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> Long.parseLong(api.stats().getString("newestId")) >= held + 10_500);
    long oldest = Long.parseLong(api.stats().getString("oldestId"));
    long missed = oldest - held - 1;
    assertThat(missed).isGreaterThanOrEqualTo(500);

    proxy.up();
    browser.until(Duration.ofSeconds(60), d -> "resumed".equals(browser.state()));
    awaitVisible("missed 10499 " + tag);
    assertThat(browser.number("return window.livelog.gaps()")).isEqualTo(1);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> gaps =
        (List<Map<String, Object>>) browser.js("return window.livelog.gapEvents()");
    boolean counted = gaps.get(0).get("missed") != null; // a server that knows the count says it
    String status = browser.byId("status").getText();
    long reported = -1;
    if (counted) {
      java.util.regex.Matcher gapText =
          java.util.regex.Pattern.compile("resumed: gap of ([\\d,]+) events .*").matcher(status);
      assertThat(gapText.matches()).as(status).isTrue();
      reported = Long.parseLong(gapText.group(1).replace(",", ""));
      assertThat(reported).isBetween(missed, missed + 100); // the server may log meanwhile
      assertThat(((Number) gaps.get(0).get("missed")).longValue()).isEqualTo(reported);
    } else {
      assertThat(status).matches("resumed: events missed \\(ids \\d+–\\d+ no longer held\\)");
    }
    // the gap is marked in the list, where it happened, with the time range it spans
    browser.byId("search").sendKeys("before the gap " + tag);
    browser.until(WAIT, d -> browser.rows().size() == 2);
    WebElement gap = browser.driver.findElement(By.cssSelector("#viewport .row.gap"));
    assertThat(gap.getText())
        .contains(
            (counted ? String.format("%,d", reported) + " events" : "Events")
                + " missed while disconnected between ")
        .containsPattern("between \\d\\d:\\d\\d:\\d\\d\\.\\d{3} and \\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
  }

  @Test
  @Order(10)
  void hostileTextIsShownLiterallyAndNothingRuns() {
    HttpResponse<String> page = api.get("", Api.admin());
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'")
        .doesNotContain("unsafe-inline")
        .doesNotContain("unsafe-eval");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("Referrer-Policy")).isPresent();

    browser.driver.manage().window().setSize(new Dimension(1400, 2600));
    String tag = tag();
    String source = "hostile-" + tag;
    browser.open("?source=" + source);
    browser.js(
        "window.__violations = [];"
            + "document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective));"
            + "window.__elements = document.querySelectorAll('script, img, svg, iframe, object, embed, a, style, link, form, input, video, audio, base, meta, marquee, details, template, math').length;");
    List<String> corpus = HostileCorpus.all();
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(50);
    List<JsonObject> events = new ArrayList<>();
    for (String payload : corpus) {
      events.add(Feed.event("ERROR", source, payload));
    }
    events.add(
        Feed.event("WARN", source, "<img src=x onerror=window.__pwned=50>", "hostile logger " + tag)
            .add("thread", "\u202Eevil thread")
            .add("<b>key</b>", "<script>window.__pwned=51</script>")
            .add(
                "thrown",
                "<script>window.__pwned=52</script>\n\tat <img src=x onerror=window.__pwned=53>")
            .build());
    // one by one, so each travels alone; the megabyte one too
    for (JsonObject event : events) {
      feed.post(event);
    }
    browser.until(
        Duration.ofSeconds(60),
        d -> browser.number("return window.livelog.shown()") == events.size());
    browser.until(WAIT, d -> browser.messages().size() == events.size());

    List<String> shown = browser.messages();
    List<String> printable = HostileCorpus.printable();
    for (int i = 0; i < printable.size(); i++) {
      assertThat(shown.get(i)).as("payload %d", i).isEqualTo(printable.get(i));
    }
    List<String> invisible = HostileCorpus.invisible();
    for (int i = 0; i < invisible.size(); i++) {
      String text = shown.get(printable.size() + i);
      assertThat(text)
          .as("payload %s", invisible.get(i))
          .doesNotContainPattern(
              "[\\x00-\\x08\\x0A-\\x1F\\x7F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2069\\uFEFF]");
    }
    assertThat(shown.get(printable.size())).isEqualTo("user ⟨U+202E⟩gnp.exe⟨U+202C⟩ logged in");
    assertThat(shown.get(printable.size() + 4)).isEqualTo("␛[31mred␛[0m ␛[1;32mbold green␛[0m");
    assertThat(shown.get(printable.size() + 9)).isEqualTo("multi␊line␊message");
    String big = shown.get(printable.size() + invisible.size());
    assertThat(big)
        .startsWith("<script>window.__pwned='big'</script>")
        .hasSizeLessThanOrEqualTo(2000);
    assertThat(shown.get(shown.size() - 1)).isEqualTo("hostile logger " + tag);

    // only the page's own elements exist in the rows
    String tags =
        (String)
            browser.js(
                "return [...new Set([...document.querySelectorAll('#viewport .row *')].map(e => e.tagName))].join()");
    assertThat(tags.split(",")).containsOnly("SPAN", "TIME");

    // unfolding shows the same text, never markup
    row("text()='hostile logger " + tag + "'").click();
    WebElement details = browser.byId("details");
    browser.until(WAIT, d -> details.isDisplayed());
    assertThat(details.getText())
        .contains("<img src=x onerror=window.__pwned=50>")
        .contains("⟨U+202E⟩evil thread")
        .contains("\"<b>key</b>\": \"<script>window.__pwned=51</script>\"")
        .contains("<script>window.__pwned=52</script>");
    row("starts-with(text(), '{\"html\"')").click();
    browser.until(
        WAIT, d -> details.getText().contains("\"html\": \"<script>window.__pwned=39</script>\""));
    row("starts-with(text(), \"<script>window.__pwned='big'\")").click();
    // the server cut it to livelog.event.maxChars, and the details say so
    browser.until(WAIT, d -> details.getText().contains("The server cut this event"));

    assertThat(browser.js("return window.__pwned")).isNull();
    assertThat(browser.driver.getTitle()).isEqualTo("Livelog");
    assertThat(browser.js("return window.__violations")).asList().isEmpty();
    assertThat(
            browser.js(
                "return document.querySelectorAll('script, img, svg, iframe, object, embed, a, style, link, form, input, video, audio, base, meta, marquee, details, template, math').length"))
        .isEqualTo(browser.js("return window.__elements"));
    assertThat(browser.driver.getCurrentUrl()).startsWith(browser.base);
  }

  /**
   * The row whose message satisfies an XPath predicate, looked up when needed (rows are reused).
   */
  private WebElement row(String predicate) {
    return browser.driver.findElement(
        By.xpath(
            "//div[contains(@class,'row') and not(@hidden)][span[@class='message' and "
                + predicate
                + "]]"));
  }

  @Test
  @Order(0)
  void themesFollowTheSystemAndCanBeSwitched() throws IOException {
    browser.cdp(
        "Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    try {
      browser.open("");
      browser.js("localStorage.removeItem('livelog.theme')");
      browser.open("");
      List<JsonObject> demo = demoEvents();
      for (int from = 0; from < demo.size(); from += 7) {
        feed.post(demo.subList(from, Math.min(demo.size(), from + 7)));
        long next = System.currentTimeMillis() + 600;
        browser.until(WAIT, d -> System.currentTimeMillis() > next); // some seconds for the chart
      }
      awaitVisible("Checkout completed for order 1042 in 184 ms");
      WebElement theme = browser.byId("theme");
      assertThat(theme.getText()).isEqualTo("Theme: system");
      assertThat(background()).isLessThan(0.2); // the system says dark

      theme.click();
      browser.until(WAIT, d -> theme.getText().equals("Theme: light"));
      assertThat(background()).isGreaterThan(0.8);
      assertThat(browser.js("return document.documentElement.dataset.theme")).isEqualTo("light");
      row("text()='Payment for order 1042 failed: card declined'").click();
      browser.until(WAIT, d -> browser.byId("details").isDisplayed());
      browser.until(WAIT, d -> browser.byId("health").getText().startsWith("heap"));
      browser.screenshot(SCREENSHOTS.resolve("dashboard-light.png"));
      assertThat(lowContrast()).as("text below 4.5:1 in the light theme").isEmpty();

      theme.click();
      browser.until(WAIT, d -> theme.getText().equals("Theme: dark"));
      assertThat(background()).isLessThan(0.2);
      browser.screenshot(SCREENSHOTS.resolve("dashboard-dark.png"));
      assertThat(lowContrast()).as("text below 4.5:1 in the dark theme").isEmpty();

      // the choice lasts across visits
      browser.open("");
      assertThat(browser.byId("theme").getText()).isEqualTo("Theme: dark");
      browser.byId("theme").click();
      browser.until(WAIT, d -> browser.byId("theme").getText().equals("Theme: system"));
      browser.cdp(
          "Emulation.setEmulatedMedia",
          Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "light"))));
      browser.until(WAIT, d -> background() > 0.8);
    } finally {
      browser.cdp("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    }
    Path site =
        Path.of(System.getProperty("livelog.basedir", "."), "src/site/images/dashboard.png");
    if (!Files.exists(site) || Boolean.getBoolean("livelog.screenshot.update")) {
      Files.createDirectories(site.getParent());
      Files.copy(
          SCREENSHOTS.resolve("dashboard-light.png"), site, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * The visible texts (rows and their level badges, chips, buttons, labels) whose contrast with
   * their background is below WCAG AA's 4.5:1.
   */
  @SuppressWarnings("unchecked")
  private List<String> lowContrast() {
    return (List<String>)
        browser.js(
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

  /** The relative luminance (0 black .. 1 white) of the page's background. */
  private double background() {
    String color = (String) browser.js("return getComputedStyle(document.body).backgroundColor");
    String[] rgb = color.replaceAll("[^0-9,.]", "").split(",");
    return (0.2126 * Double.parseDouble(rgb[0])
            + 0.7152 * Double.parseDouble(rgb[1])
            + 0.0722 * Double.parseDouble(rgb[2]))
        / 255;
  }

  private static List<JsonObject> demoEvents() {
    List<JsonObject> events = new ArrayList<>();
    String[][] lines = {
      {
        "INFO",
        "server",
        "jakarta.enterprise.system.core",
        "livelog was successfully deployed in 2,318 milliseconds."
      },
      {"INFO", "http", "com.acme.gateway.AccessLog", "GET /api/orders/1041 200 12 ms"},
      {"DEBUG", "app", "com.acme.orders.OrderService", "Loading order 1042 from the cache"},
      {
        "INFO",
        "app",
        "com.acme.orders.OrderService",
        "Checkout started for order 1042 (3 items, 129.90 EUR)"
      },
      {
        "WARN",
        "app",
        "com.acme.inventory.StockClient",
        "Stock service answered in 812 ms (budget 500 ms)"
      },
      {"INFO", "http", "com.acme.gateway.AccessLog", "POST /api/checkout 202 188 ms"},
      {"TRACE", "app", "com.acme.orders.PriceCalculator", "discount rule SUMMER24 not applicable"},
      {
        "INFO",
        "app",
        "com.acme.payments.PaymentService",
        "{\"event\":\"payment.authorised\",\"order\":1042,\"amount\":129.9,\"currency\":\"EUR\"}"
      },
      {
        "INFO", "app", "com.acme.orders.OrderService", "Checkout completed for order 1042 in 184 ms"
      },
    };
    for (int round = 0; round < 4; round++) {
      for (String[] line : lines) {
        if (round == 3 && line[3].startsWith("Checkout completed")) {
          continue;
        }
        events.add(Feed.event(line[0], line[1], line[2], line[3]).build());
      }
      events.add(
          Feed.event(
                  "ERROR",
                  "app",
                  "com.acme.payments.PaymentService",
                  "Payment for order 10" + (39 + round) + " failed: card declined")
              .add(
                  "thrown",
                  "com.acme.payments.PaymentDeclinedException: card declined (code 51)\n\tat com.acme.payments.PaymentService.charge(PaymentService.java:88)\n\tat com.acme.orders.CheckoutResource.checkout(CheckoutResource.java:41)")
              .add("orderId", 1039 + round)
              .build());
    }
    events.add(
        Feed.event(
                "INFO",
                "app",
                "com.acme.orders.OrderService",
                "Checkout completed for order 1042 in 184 ms")
            .build());
    return events;
  }

  @Test
  @Order(11)
  void theCurrentViewDownloadsAsNdjson() throws IOException {
    Path downloads = Files.createTempDirectory("livelog-downloads");
    try {
      browser.cdp(
          "Browser.setDownloadBehavior",
          Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    } catch (RuntimeException e) {
      browser.cdp(
          "Page.setDownloadBehavior",
          Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    }
    String tag = tag();
    String source = "dl-" + tag;
    browser.open("?source=" + source);
    feed.post(numbered(3, "INFO", source, "download # " + tag));
    awaitVisible("download 2 " + tag);
    browser.byId("download").click();
    Path file =
        browser.until(
            WAIT,
            d -> {
              try (Stream<Path> files = Files.list(downloads)) {
                return files.filter(f -> f.toString().endsWith(".ndjson")).findFirst().orElse(null);
              } catch (IOException e) {
                return null;
              }
            });
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(3);
    assertThat(
            lines.stream()
                .map(
                    l ->
                        Json.createReader(new java.io.StringReader(l))
                            .readObject()
                            .getString("message")))
        .containsExactly("download 0 " + tag, "download 1 " + tag, "download 2 " + tag);
    assertThat(file.getFileName().toString()).startsWith("livelog-");
  }

  private boolean holds(String text) {
    return Boolean.TRUE.equals(browser.js("return window.livelog.has(arguments[0])", text));
  }

  @SuppressWarnings("unchecked")
  private List<String> heldMessages(String tag) {
    return (List<String>) browser.js("return window.livelog.messages(arguments[0])", tag);
  }

  private int subscribers() {
    return api.stats().getInt("subscribers");
  }

  private String role() {
    return (String) browser.js("return window.livelog.role()");
  }

  @Test
  @Order(12)
  void anOperatorSetsAnAlertRuleInThePageItsAlertIsShownAndALoggerTurnedUpFromTheDetails() {
    String tag = tag();
    String source = "operate-" + tag;
    String logger = "com.acme.dash" + tag + ".Orders";
    browser.open("?source=" + source);
    try {
      // the operator sets the rule in the page; a refused line is named
      WebElement button = browser.byId("alerts-button");
      browser.until(WAIT, d -> button.isDisplayed());
      button.click();
      WebElement text = browser.byId("alert-rules");
      browser.until(WAIT, d -> text.isDisplayed());
      text.clear();
      text.sendKeys("ok: 1 ERROR in 5 s\n\n2 LOUD in 5 s");
      browser.byId("alerts-save").click();
      browser.until(
          WAIT,
          d -> browser.byId("alert-error").getText().startsWith("line 2: unknown level LOUD"));
      text.clear();
      text.sendKeys("dash: 2 ERROR from " + logger + " in 60 s");
      browser.byId("alerts-save").click();
      browser.until(WAIT, d -> toast().equals("1 alert rule saved"));
      assertThat(browser.byId("alerts").isDisplayed()).isFalse();
      JsonObject rules = Api.object(api.get("api/alerts", Api.admin()).body());
      assertThat(rules.getString("setBy")).isEqualTo("admin");
      assertThat(rules.getJsonArray("rules").getJsonObject(0).getString("rule"))
          .isEqualTo("dash: 2 ERROR from " + logger + " in 60 s");
      button.click();
      browser.until(WAIT, d -> browser.byId("alert-origin").getText().startsWith("set by admin"));
      assertThat(text.getDomProperty("value"))
          .isEqualTo("dash: 2 ERROR from " + logger + " in 60 s");
      text.sendKeys(Keys.ESCAPE);
      browser.until(WAIT, d -> !browser.byId("alerts").isDisplayed());
      feed.post(
          Feed.event("ERROR", source, logger, "first failure " + tag).build(),
          Feed.event("ERROR", source, logger, "second failure " + tag).build());
      browser.until(WAIT, d -> toast().startsWith("alert dash: 2 events within 60 s"));

      awaitVisible("second failure " + tag);
      row("text()='second failure " + tag + "'").click();
      WebElement details = browser.byId("details");
      browser.until(WAIT, d -> !details.findElements(By.cssSelector(".logger-fine")).isEmpty());
      details.findElement(By.cssSelector(".logger-fine")).click();
      browser.until(WAIT, d -> toast().equals(logger + ": FINE for 10 minutes"));
      assertThat(
              Api.object(api.get("api/loggers/" + logger, Api.admin()).body()).getString("level"))
          .isEqualTo("FINE");
    } finally {
      api.send(api.request("api/loggers/" + logger, Api.admin()).DELETE().build());
      api.send(
          api.request("api/alerts", Api.admin())
              .header("Content-Type", "application/json")
              .PUT(HttpRequest.BodyPublishers.ofString("{\"rules\":[]}"))
              .build());
    }
  }

  private String toast() {
    return String.valueOf(browser.js("return document.getElementById('toast').textContent"));
  }

  @Test
  @Order(14)
  void tenTabsShareOneStreamHandItOverWithoutLossAndAnEleventhStillLoads() {
    allowClipboard();
    browser.open("");
    String tag = tag();
    // a saved search notifies while a tab is hidden
    browser.byId("search").sendKeys("ten tabs " + tag);
    browser.byId("notify").click();
    browser.until(WAIT, d -> "true".equals(browser.byId("notify").getDomAttribute("aria-pressed")));
    browser.byId("search").sendKeys(Keys.ESCAPE);
    String first = browser.driver.getWindowHandle();
    List<String> tabs = new ArrayList<>(List.of(first));
    try {
      for (int i = 1; i < 10; i++) {
        browser.driver.switchTo().newWindow(WindowType.TAB);
        browser.open(i % 3 == 0 ? "?level=WARN" : ""); // tabs filter differently
        tabs.add(browser.driver.getWindowHandle());
      }
      // over HTTP/1.1 (six connections per host), ten tabs hold one stream, two during a hand-over
      browser.until(WAIT, d -> subscribers() <= 2);
      assertThat(subscribers()).isBetween(1, 2);
      Map<String, String> roles = new java.util.LinkedHashMap<>();
      for (String tab : tabs) {
        browser.driver.switchTo().window(tab);
        roles.put(tab, role());
      }
      assertThat(roles.values().stream().filter("leader"::equals).count()).isEqualTo(1);
      assertThat(roles.values().stream().filter("follower"::equals).count()).isEqualTo(9);

      long posted = System.currentTimeMillis();
      feed.post(Feed.event("ERROR", "tabs", "ten tabs " + tag));
      // 202 means queued: wait until the relay recorded it before reading its id
      String id =
          org.awaitility.Awaitility.await()
              .atMost(WAIT)
              .until(() -> api.history("?q=" + tag), h -> !h.isEmpty())
              .getJsonObject(0)
              .getString("id");
      long slowest = 0;
      for (String tab : tabs) {
        browser.driver.switchTo().window(tab);
        browser.until(WAIT, d -> holds("ten tabs " + tag));
        slowest =
            Math.max(
                slowest,
                browser.number("return window.livelog.takenAt(arguments[0])", id) - posted);
      }
      System.out.printf(
          "ten tabs: the last held the new event %d ms after it was posted%n", slowest);
      // the tabs in the background counted it as unread, in the title and the favicon
      for (String tab : tabs.subList(0, tabs.size() - 1)) {
        browser.driver.switchTo().window(tab);
        assertThat(String.valueOf(browser.js("return window.livelog.attentionLog().join('|')")))
            .contains("(1) Livelog badge")
            .contains("notified Livelog: 1 new match for “ten tabs " + tag + "”");
      }

      // the leader goes while events flow: another tab takes over and nothing is lost or doubled
      String leader =
          roles.entrySet().stream()
              .filter(e -> e.getValue().equals("leader"))
              .findFirst()
              .orElseThrow()
              .getKey();
      String witness = tabs.get(tabs.indexOf(leader) == 1 ? 2 : 1);
      java.util.concurrent.atomic.AtomicReference<RuntimeException> failure =
          new java.util.concurrent.atomic.AtomicReference<>();
      Thread feeder =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 60; i++) {
                    feed.post(Feed.event("WARN", "tabs", "handover " + i + " " + tag));
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                  }
                } catch (RuntimeException e) {
                  failure.set(e);
                }
              });
      feeder.start();
      browser.driver.switchTo().window(witness);
      browser.until(WAIT, d -> holds("handover 10 " + tag));
      browser.driver.switchTo().window(leader);
      browser.driver.close();
      tabs.remove(leader);
      browser.driver.switchTo().window(witness);
      browser.until(Duration.ofSeconds(60), d -> !feeder.isAlive());
      assertThat(failure.get()).isNull();
      List<String> expected =
          IntStream.range(0, 60).mapToObj(i -> "handover " + i + " " + tag).toList();
      for (String tab : tabs) {
        browser.driver.switchTo().window(tab);
        browser.until(WAIT, d -> holds("handover 59 " + tag));
        assertThat(heldMessages("handover")).filteredOn(m -> m.endsWith(tag)).isEqualTo(expected);
      }
      long leaders = 0;
      for (String tab : tabs) {
        browser.driver.switchTo().window(tab);
        leaders += "leader".equals(role()) ? 1 : 0;
      }
      assertThat(leaders).isEqualTo(1);
      browser.until(WAIT, d -> subscribers() <= 2);

      // an eleventh tab loads and follows
      browser.driver.switchTo().newWindow(WindowType.TAB);
      tabs.add(browser.driver.getWindowHandle());
      browser.open("");
      assertThat(role()).isEqualTo("follower");
      feed.post(Feed.event("WARN", "tabs", "eleventh " + tag));
      browser.until(WAIT, d -> holds("eleventh " + tag));
      assertThat(subscribers()).isLessThanOrEqualTo(2);
    } finally {
      browser.js("localStorage.removeItem('livelog.notify')");
      String keep = browser.driver.getWindowHandles().iterator().next();
      for (String handle : browser.driver.getWindowHandles()) {
        if (!handle.equals(keep)) {
          browser.driver.switchTo().window(handle);
          browser.driver.close();
        }
      }
      browser.driver.switchTo().window(keep);
    }
  }

  @Test
  @Order(15)
  void aQuietHealthyStreamIsNeverReconnected() {
    proxy.quiet(true); // health announced every 9 s, and no metric reaches the page
    try {
      browser.open("");
      String tag = tag();
      long reconnects = browser.number("return window.livelog.reconnects()");
      browser.until(WAIT, d -> browser.js("return window.livelog.serverSays()") != null);
      org.junit.jupiter.api.Assumptions.assumeTrue(
          browser.js("return window.livelog.serverSays().healthMillis") != null,
          "the server does not announce its periods yet (contract: the stream's opening event)");
      browser.until(WAIT, d -> browser.number("return window.livelog.silenceLimit()") == 29_000);
      long quietUntil = System.currentTimeMillis() + 20_000; // the old guess gave up after 17 s
      browser.until(Duration.ofSeconds(60), d -> System.currentTimeMillis() > quietUntil);
      assertThat(browser.number("return window.livelog.metrics()")).isZero();
      assertThat(browser.number("return window.livelog.reconnects()")).isEqualTo(reconnects);
      assertThat(browser.state()).isEqualTo("connected");
      feed.post(Feed.event("INFO", "quiet", "after a quiet while " + tag));
      awaitVisible("after a quiet while " + tag);
      assertThat(browser.number("return window.livelog.reconnects()")).isEqualTo(reconnects);
    } finally {
      proxy.quiet(false);
    }
  }

  /** The text on the system clipboard (read through the page, which may read it: see below). */
  private String clipboard() {
    return (String)
        ((org.openqa.selenium.JavascriptExecutor) browser.driver)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "navigator.clipboard.readText().then(done, e => done('no clipboard: ' + e))");
  }

  private void allowClipboard() {
    String origin = browser.base.substring(0, browser.base.indexOf('/', "http://".length()));
    browser.cdp(
        "Browser.grantPermissions",
        Map.of(
            "origin",
            origin,
            "permissions",
            List.of("clipboardReadWrite", "clipboardSanitizedWrite", "notifications")));
  }

  private String cursorMessage() {
    return (String)
        browser.js(
            "const r = document.querySelector('#viewport .row.cursor:not([hidden]) .message');"
                + "return r ? r.textContent : null");
  }

  @Test
  @Order(16)
  void theViewersToolsCopyLinkSearchFilterFoldAndPageBack() {
    allowClipboard();
    String tag = tag();
    String source = "tools-" + tag;
    feed.post(numbered(1200, "INFO", source, "older # " + tag));
    feed.post(
        Feed.event("ERROR", source, "com.acme.orders.OrderService", "Order 7 failed " + tag)
            .add(
                "thrown",
                "java.lang.IllegalStateException: boom\n"
                    + "\tat com.acme.orders.OrderService.place(OrderService.java:42)\n"
                    + "\tat java.base/java.lang.Thread.run(Thread.java:1583)\n"
                    + "\tat org.glassfish.jersey.server.ServerRuntime.process(ServerRuntime.java:1)\n"
                    + "\tat jakarta.servlet.http.HttpServlet.service(HttpServlet.java:2)\n"
                    + "Caused by: java.io.IOException: disk full\n"
                    + "\tat com.acme.orders.Store.save(Store.java:9)")
            .add("orderId", 7)
            .add("customer", "ada")
            .build(),
        Feed.event("WARN", source, "com.acme.orders.OrderService", "Order 8 failed " + tag)
            .add("orderId", 8)
            .add("node", "payara-b")
            .build(),
        Feed.event("INFO", source, "com.acme.orders.OrderService", "Order 9 shipped " + tag)
            .add("orderId", 9)
            .build());
    List<String> ids = new ArrayList<>();
    for (JsonObject e : api.history("?q=Order&source=" + source).getValuesAs(JsonObject.class)) {
      ids.add(e.getString("id"));
    }
    assertThat(ids).hasSize(3);
    browser.open("?source=" + source);
    awaitVisible("Order 9 shipped " + tag);
    assertThat(browser.number("return window.livelog.held()")).isEqualTo(1000);

    // the stack trace folds the platform's frames and keeps the application's and "Caused by"
    row("text()='Order 7 failed " + tag + "'").click();
    WebElement details = browser.byId("details");
    browser.until(WAIT, d -> details.isDisplayed());
    WebElement thrown = details.findElement(By.cssSelector(".details-thrown"));
    assertThat(thrown.getText())
        .contains("at com.acme.orders.OrderService.place(OrderService.java:42)")
        .contains("Caused by: java.io.IOException: disk full")
        .contains("at com.acme.orders.Store.save(Store.java:9)")
        .doesNotContain("Thread.run");
    WebElement fold = thrown.findElement(By.cssSelector("button.fold"));
    assertThat(fold.getText()).isEqualTo("… 3 platform frames");
    fold.click();
    assertThat(details.findElement(By.cssSelector(".details-thrown")).getText())
        .contains("at java.base/java.lang.Thread.run(Thread.java:1583)");

    // copy the JSON, the line, the link; the address names the event too
    browser.byId("copy-json").click();
    browser.until(WAIT, d -> clipboard().startsWith("{"));
    JsonObject copied = Json.createReader(new java.io.StringReader(clipboard())).readObject();
    assertThat(copied.getString("id")).isEqualTo(ids.get(0));
    assertThat(copied.getJsonObject("fields").getInt("orderId")).isEqualTo(7);
    browser.byId("copy-line").click();
    browser.until(WAIT, d -> clipboard().contains(" ERROR "));
    assertThat(clipboard())
        .matches(
            "(?s)\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z ERROR .*com\\.acme\\.orders\\.OrderService - Order 7 failed .*")
        .contains("Caused by: java.io.IOException: disk full");
    browser.byId("copy-link").click();
    browser.until(WAIT, d -> clipboard().endsWith("#event=" + ids.get(0)));
    assertThat(browser.driver.getCurrentUrl()).endsWith("#event=" + ids.get(0));

    // a field's value filters by it, shown as a removable chip and kept in the address
    details.findElement(By.cssSelector(".field-value[data-field=orderId]")).click();
    browser.until(WAIT, d -> browser.messages(tag).equals(List.of("Order 7 failed " + tag)));
    assertThat(query()).contains("f.orderId=7");
    browser.driver.findElement(By.cssSelector("#field-chips [data-field=orderId]")).click();
    browser.until(WAIT, d -> browser.messages(tag).size() > 3);
    assertThat(query()).doesNotContain("f.orderId");

    // issue 12: each row names the node that took the event in, and a node filters the view
    WebElement other = row("text()='Order 8 failed " + tag + "'");
    assertThat(other.findElement(By.cssSelector(".node")).getText()).isEqualTo("payara-b");
    other.click();
    browser.until(WAIT, d -> !details.findElements(By.cssSelector(".node-value")).isEmpty());
    details.findElement(By.cssSelector(".node-value")).click();
    browser.until(WAIT, d -> browser.messages(tag).equals(List.of("Order 8 failed " + tag)));
    assertThat(query()).contains("node=payara-b");
    browser.driver.findElement(By.cssSelector("#field-chips [data-node]")).click();
    browser.until(WAIT, d -> browser.messages(tag).size() > 3);
    assertThat(query()).doesNotContain("node=");

    // search: regex, invert, a match count, n/N between matches
    press(Keys.ESCAPE);
    WebElement search = browser.byId("search");
    search.sendKeys("order \\d+ failed");
    browser.until(WAIT, d -> browser.byId("matches").getText().equals("0 matches"));
    browser.byId("regex").click();
    browser.until(
        WAIT,
        d ->
            browser
                .messages(tag)
                .equals(List.of("Order 7 failed " + tag, "Order 8 failed " + tag)));
    assertThat(browser.byId("matches").getText()).isEqualTo("2 matches");
    assertThat(query()).contains("regex=1");
    browser.byId("invert").click();
    browser.until(WAIT, d -> browser.messages(tag).contains("Order 9 shipped " + tag));
    assertThat(browser.messages(tag)).noneMatch(m -> m.contains("failed"));
    browser.byId("invert").click();
    new org.openqa.selenium.support.ui.Select(browser.byId("search-mode"))
        .selectByValue("highlight");
    browser.until(WAIT, d -> browser.messages(tag).contains("Order 9 shipped " + tag));
    press("n");
    browser.until(WAIT, d -> ("Order 7 failed " + tag).equals(cursorMessage()));
    press("n");
    browser.until(WAIT, d -> ("Order 8 failed " + tag).equals(cursorMessage()));
    press("N");
    browser.until(WAIT, d -> ("Order 7 failed " + tag).equals(cursorMessage()));
    search.clear();
    search.sendKeys(Keys.ESCAPE);

    // the search reaches logger, thread, stack trace and fields
    search.sendKeys("disk full");
    browser.until(WAIT, d -> browser.byId("matches").getText().equals("1 match"));
    search.sendKeys(Keys.ESCAPE);
    browser.byId("search-mode").sendKeys("filter");

    // a link to one event: shown from what is held, or fetched from history
    browser.driver.get("about:blank");
    browser.open("?source=" + source + "#event=" + ids.get(1));
    browser.until(WAIT, d -> browser.byId("details").isDisplayed());
    assertThat(browser.byId("details").getText()).contains("Order 8 failed " + tag);
    browser.until(WAIT, d -> ("Order 8 failed " + tag).equals(cursorMessage()));
    browser.driver.get("about:blank");
    browser.open("?level=ERROR&source=" + source + "#event=" + ids.get(2));
    browser.until(WAIT, d -> browser.byId("details").isDisplayed());
    assertThat(browser.byId("details").getText()).contains("Order 9 shipped " + tag);
    assertThat(browser.messages(tag)).containsExactly("Order 7 failed " + tag);

    // load older pages back through history (GET /api/logs?before=ID)
    JsonArray probe = api.history("?limit=1&before=" + ids.get(0));
    org.junit.jupiter.api.Assumptions.assumeTrue(
        probe.size() == 1
            && Long.parseLong(probe.getJsonObject(0).getString("id")) < Long.parseLong(ids.get(0)),
        "the server does not page back with before= yet");
    browser.open("?source=" + source);
    awaitVisible("Order 9 shipped " + tag);
    browser.byId("older").click();
    browser.until(WAIT, d -> browser.number("return window.livelog.held()") == 1203);
    press("g");
    browser.until(
        WAIT,
        d ->
            !browser.messages(tag).isEmpty()
                && browser.messages(tag).get(0).equals("older 0 " + tag));
  }

  @Test
  @Order(17)
  void keyboardAndAssistiveTechnologyAndAPhoneSizedScreen() {
    allowClipboard();
    String tag = tag();
    String source = "a11y-" + tag;
    browser.open("?source=" + source);
    feed.post(numbered(20, "INFO", source, "row # " + tag));
    feed.post(numbered(3, "ERROR", source, "bad # " + tag));
    awaitVisible("bad 2 " + tag);

    // a list box whose rows are options; the keyboard moves a cursor between them
    assertThat(browser.driver.findElements(By.cssSelector("[role=log]"))).isEmpty();
    assertThat(browser.byId("viewport").getDomAttribute("role")).isEqualTo("listbox");
    assertThat(browser.rows()).allMatch(r -> "option".equals(r.getDomAttribute("role")));
    browser.js("document.getElementById('viewport').focus()");
    press("G");
    press("k");
    browser.until(WAIT, d -> cursorMessage() != null);
    String last = cursorMessage();
    assertThat(last).isEqualTo("bad 2 " + tag);
    press("k");
    browser.until(WAIT, d -> !last.equals(cursorMessage()));
    String start = cursorMessage();
    assertThat(start).isEqualTo("bad 1 " + tag);
    press("j");
    browser.until(WAIT, d -> last.equals(cursorMessage()));
    String next = cursorMessage();
    press(Keys.ARROW_UP);
    browser.until(WAIT, d -> start.equals(cursorMessage()));
    String active = browser.byId("viewport").getDomAttribute("aria-activedescendant");
    assertThat(browser.driver.findElement(By.id(active)).getText()).contains(start);
    assertThat(next).isNotEqualTo(start);
    press(Keys.ENTER);
    browser.until(WAIT, d -> browser.byId("details").isDisplayed());
    assertThat(browser.byId("details").getText()).contains(start);
    press("c");
    browser.until(WAIT, d -> clipboard().contains(" - " + start));
    press(Keys.ESCAPE);
    browser.until(WAIT, d -> !browser.byId("details").isDisplayed());
    assertThat(browser.js("return document.activeElement.id")).isEqualTo("viewport");

    // w wraps the row in place, whole, over the rows below; w again folds it
    press("w");
    browser.until(
        WAIT,
        d ->
            browser.number(
                    "const r = document.querySelector('#viewport .row.cursor.expanded'); return r ? r.getBoundingClientRect().height : 0")
                > 0);
    press("w");
    browser.until(
        WAIT,
        d -> browser.driver.findElements(By.cssSelector("#viewport .row.expanded")).isEmpty());

    // the help keeps focus inside while open and gives it back when closed
    press("?");
    browser.until(WAIT, d -> browser.byId("help").isDisplayed());
    assertThat(browser.js("return document.activeElement.id")).isEqualTo("help-close");
    browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
    assertThat(browser.js("return !!document.activeElement.closest('#help')")).isEqualTo(true);
    browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    browser.until(WAIT, d -> !browser.byId("help").isDisplayed());

    // new errors are announced together, not row by row; the chart has a text alternative
    browser.until(WAIT, d -> browser.byId("announce").getText().matches("\\d+ new errors?"));
    assertThat(browser.byId("rate").getDomAttribute("aria-labelledby")).isEqualTo("rate-text");
    browser.until(
        WAIT,
        d ->
            String.valueOf(browser.js("return document.getElementById('rate-text').textContent"))
                .matches("Last five minutes: [\\d,]+ events \\([\\d,]+ ERROR, .*"));

    // times in local, UTC or relative, the choice labelled
    WebElement zone = browser.byId("zone");
    zone.click();
    browser.until(WAIT, d -> zone.getText().equals("Time: UTC"));
    JsonObject bad =
        api.history("?q=" + java.net.URLEncoder.encode("bad 2 " + tag, StandardCharsets.UTF_8))
            .getJsonObject(0);
    String utc =
        java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(java.time.ZoneOffset.UTC)
            .format(java.time.Instant.ofEpochMilli(bad.getJsonNumber("ts").longValue()));
    browser.until(
        WAIT,
        d ->
            row("text()='bad 2 " + tag + "'")
                .findElement(By.xpath(".."))
                .findElement(By.cssSelector(".ts"))
                .getText()
                .equals(utc));
    zone.click();
    browser.until(WAIT, d -> zone.getText().equals("Time: relative"));
    browser.until(
        WAIT,
        d ->
            browser.driver.findElements(By.cssSelector("#viewport .row:not([hidden]) .ts")).stream()
                .allMatch(t -> t.getText().contains("ago")));
    zone.click();
    browser.until(WAIT, d -> zone.getText().equals("Time: local"));

    // 375 px wide: nothing scrolls sideways, the message keeps most of the row
    try {
      browser.driver.manage().window().setSize(new Dimension(375, 800));
      String wider =
          "return [...document.querySelectorAll('body *')].filter(e => e.offsetParent !== null"
              + " && !e.closest('#viewport') && e.getBoundingClientRect().right > window.innerWidth + 1)"
              + ".map(e => (e.id || e.className || e.tagName) + ' ' + Math.round(e.getBoundingClientRect().right))";
      try {
        browser.until(
            Duration.ofSeconds(10),
            d ->
                browser.number("return document.documentElement.scrollWidth")
                    <= browser.number("return window.innerWidth"));
      } catch (org.openqa.selenium.TimeoutException e) {
        assertThat((List<?>) browser.js(wider)).as("wider than the screen").isEmpty();
        throw e;
      }
      browser.until(
          WAIT,
          d ->
              browser.number(
                      "return document.querySelector('#viewport .row:not([hidden]) .message').getBoundingClientRect().width")
                  > 180);
      assertThat(
              browser.js(
                  "return getComputedStyle(document.querySelector('#viewport .row:not([hidden]) .logger')).display"))
          .isEqualTo("none");
      browser.screenshot(SCREENSHOTS.resolve("dashboard-375.png"));
    } finally {
      browser.driver.manage().window().setSize(new Dimension(1400, 900));
    }
  }

  @Test
  @Order(18)
  void memoryIsABudgetInBytesAndLongEventsAreFetchedWholeForTheDetails() {
    String tag = tag();
    String source = "bytes-" + tag;
    try {
      browser.open("?mem=1&source=" + source);
      assertThat(browser.number("return window.livelog.budget()")).isEqualTo(1_048_576);
      String filler = "x".repeat(20_000);
      for (int batch = 0; batch < 4; batch++) {
        int from = batch * 50;
        feed.post(
            IntStream.range(from, from + 50)
                .mapToObj(
                    i ->
                        Feed.event(
                            i % 4 == 0 ? "ERROR" : "INFO",
                            source,
                            "big " + i + " " + tag + " " + filler))
                .toList());
      }
      feed.post(Feed.event("WARN", source, "huge " + tag + " " + "y".repeat(70_000)));
      browser.until(WAIT, d -> holds("big 199 " + tag) && holds("huge " + tag));
      long held = browser.number("return window.livelog.held()");
      assertThat(browser.number("return window.livelog.bytes()")).isLessThanOrEqualTo(1_048_576);
      assertThat(held).isBetween(10L, 199L);
      @SuppressWarnings("unchecked")
      Map<String, Number> counts =
          (Map<String, Number>) browser.js("return window.livelog.counts()");
      assertThat(counts.values().stream().mapToLong(Number::longValue).sum()).isEqualTo(held);
      assertThat(browser.byId("shown").getText()).contains("of 1 MB");

      WebElement big = row("starts-with(text(), 'big 199 " + tag + "')");
      assertThat(big.findElement(By.xpath("..")).findElement(By.cssSelector(".more")).getText())
          .contains("chars");
      big.click();
      browser.until(
          WAIT,
          d ->
              browser.driver.findElements(By.cssSelector("#details .details-loading")).isEmpty()
                  && browser
                          .byId("details")
                          .findElement(By.cssSelector(".details-message"))
                          .getText()
                          .length()
                      > 20_000);
      // an event the server cut (livelog.event.maxChars) says so
      row("starts-with(text(), 'huge " + tag + "')").click();
      browser.until(
          WAIT,
          d -> browser.driver.findElements(By.cssSelector("#details .details-loading")).isEmpty());
      assertThat(browser.byId("details").getText()).contains("The server cut this event");
    } finally {
      browser.open("?mem=64");
    }
  }

  private Map<String, String> roles(List<String> tabs) {
    Map<String, String> roles = new java.util.LinkedHashMap<>();
    for (String tab : tabs) {
      browser.driver.switchTo().window(tab);
      roles.put(tab, role());
    }
    return roles;
  }

  private static long leaders(Map<String, String> roles) {
    return roles.values().stream().filter("leader"::equals).count();
  }

  @Test
  @Order(19)
  void withoutWebLocksTabsElectALeaderOverTheChannelAndHandOverWithoutLoss() {
    browser.open("");
    // as on a plain-HTTP origin other than localhost, where the browser offers no Web Locks
    browser.js("localStorage.setItem('livelog.election', 'lease')");
    String first = browser.driver.getWindowHandle();
    List<String> tabs = new ArrayList<>(List.of(first));
    try {
      browser.open("");
      assertThat(browser.js("return window.livelog.election()")).isEqualTo("lease");
      for (int i = 1; i < 4; i++) {
        browser.driver.switchTo().newWindow(WindowType.TAB);
        browser.open("");
        tabs.add(browser.driver.getWindowHandle());
      }
      browser.until(WAIT, d -> leaders(roles(tabs)) == 1);
      browser.until(WAIT, d -> subscribers() <= 2);
      assertThat(subscribers()).isBetween(1, 2);

      String tag = tag();
      String leader =
          roles(tabs).entrySet().stream()
              .filter(e -> e.getValue().equals("leader"))
              .findFirst()
              .orElseThrow()
              .getKey();
      String witness = tabs.get(tabs.indexOf(leader) == 1 ? 2 : 1);
      java.util.concurrent.atomic.AtomicReference<RuntimeException> failure =
          new java.util.concurrent.atomic.AtomicReference<>();
      Thread feeder =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 40; i++) {
                    feed.post(Feed.event("WARN", "lease", "lease " + i + " " + tag));
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                  }
                } catch (RuntimeException e) {
                  failure.set(e);
                }
              });
      feeder.start();
      browser.driver.switchTo().window(witness);
      browser.until(WAIT, d -> holds("lease 10 " + tag));
      browser.driver.switchTo().window(leader);
      browser.driver.close();
      tabs.remove(leader);
      browser.driver.switchTo().window(witness);
      browser.until(Duration.ofSeconds(60), d -> !feeder.isAlive());
      assertThat(failure.get()).isNull();
      List<String> expected =
          IntStream.range(0, 40).mapToObj(i -> "lease " + i + " " + tag).toList();
      for (String tab : tabs) {
        browser.driver.switchTo().window(tab);
        browser.until(WAIT, d -> holds("lease 39 " + tag));
        assertThat(heldMessages("lease")).filteredOn(m -> m.endsWith(tag)).isEqualTo(expected);
      }
      browser.until(WAIT, d -> leaders(roles(tabs)) == 1);
      browser.until(WAIT, d -> subscribers() <= 2);
    } finally {
      browser.js("localStorage.removeItem('livelog.election')");
      String keep = browser.driver.getWindowHandles().iterator().next();
      for (String handle : browser.driver.getWindowHandles()) {
        if (!handle.equals(keep)) {
          browser.driver.switchTo().window(handle);
          browser.driver.close();
        }
      }
      browser.driver.switchTo().window(keep);
      browser.open("");
    }
  }

  @Test
  @Order(20)
  void signingOutElsewhereStopsTheStreamAndLeadsToTheSignInForm() {
    browser.open("");
    String first = browser.driver.getWindowHandle();
    browser.driver.switchTo().newWindow(WindowType.TAB);
    browser.open("");
    browser.byId("logout").click();
    browser.until(WAIT, d -> d.getCurrentUrl().contains("login.jsp?out"));
    browser.driver.close();
    browser.driver.switchTo().window(first);
    // the server closed this session's stream; the reconnect is refused with 401
    browser.until(
        WAIT, d -> d.getCurrentUrl().contains("login.jsp") || "signed-out".equals(browser.state()));
    browser.until(WAIT, d -> d.getCurrentUrl().contains("login.jsp"));
  }

  @Test
  @Order(21)
  void theSignOutButtonEndsTheSession() {
    browser.open("");
    browser.byId("logout").click();
    browser.until(WAIT, d -> d.getCurrentUrl().contains("login.jsp?out"));
    assertThat(browser.driver.findElement(By.id("message")).getText()).contains("signed out");
    browser.driver.get(browser.base);
    browser.until(WAIT, d -> d.getCurrentUrl().contains("login.jsp"));

    // a link to one event survives the sign-in it leads to: query and fragment come back
    String tag = tag();
    String source = "link-" + tag;
    feed.post(Feed.event("WARN", source, "shared link " + tag));
    String id = api.history("?source=" + source).getJsonObject(0).getString("id");
    browser.driver.get(browser.base + "?source=" + source + "#event=" + id);
    browser.until(WAIT, d -> d.getCurrentUrl().contains("login.jsp"));
    browser.driver.findElement(By.id("username")).sendKeys("admin");
    browser.driver.findElement(By.id("password")).sendKeys(Deployments.ADMIN_PASSWORD);
    browser.driver.findElement(By.id("sign-in")).click();
    browser.until(WAIT, d -> d.getCurrentUrl().endsWith("?source=" + source + "#event=" + id));
    browser.until(WAIT, d -> browser.byId("details").isDisplayed());
    assertThat(browser.byId("details").getText()).contains("shared link " + tag).contains(id);
  }
}
