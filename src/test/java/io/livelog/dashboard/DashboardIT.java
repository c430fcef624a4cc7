package io.livelog.dashboard;

import static io.livelog.dashboard.DashboardPage.WAIT;
import static io.livelog.dashboard.DashboardPage.cell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livelog.testsupport.Api;
import io.livelog.testsupport.Deployments;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in headless Chromium against the real server on Payara Micro. The browser goes
 * through a {@link CuttableProxy} on 127.0.0.1 so a test can cut its streams and make the server
 * look restarted; events are fed through {@code POST /api/logs}. The tests share the deployment and
 * one Chromium process, never the page's state: each starts from {@link DashboardPage#reset()} (one
 * tab, freshly loaded, nothing in local storage but the test probe, the proxy passing everything)
 * and tags its events, so any order works. What the page is (selectors, probes, actions) lives in
 * {@link DashboardPage}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DashboardIT {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @Deployment(testable = false)
  static WebArchive deployment() {
    // the memory ring alone: the page's gap display needs a resume older than the ring, which the
    // store (StoreIT) would fill from disk
    return Deployments.livelog("livelog.ingest.maxBytes=4194304", "livelog.store.enabled=false");
  }

  @ArquillianResource URL url;

  private static CuttableProxy proxy;
  private static Browser browser;
  private Api api;
  private Feed feed;
  private DashboardPage page;

  @BeforeEach
  void startFromAKnownState() throws IOException {
    api = new Api(url);
    feed = new Feed(api);
    if (proxy == null) {
      proxy = new CuttableProxy(url.getPort());
    }
    proxy.up();
    proxy.quiet(false);
    if (browser == null) {
      browser =
          Browser.start(
              "http://127.0.0.1:" + proxy.port() + api.base().getPath(),
              DashboardPage.WIDTH,
              DashboardPage.HEIGHT);
    }
    page = new DashboardPage(browser);
    page.reset();
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

  private static String tag() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static List<JsonObject> numbered(int count, String level, String source, String text) {
    return IntStream.range(0, count)
        .mapToObj(i -> Feed.event(level, source, text.replace("#", Integer.toString(i))))
        .toList();
  }

  private static List<String> numberedMessages(int from, int to, String text) {
    return IntStream.range(from, to).mapToObj(i -> text.replace("#", Integer.toString(i))).toList();
  }

  private int subscribers() {
    return api.stats().getInt("subscribers");
  }

  /** The id the server gave the one event whose message contains {@code text}. */
  private String idOf(String text) {
    return await()
        .atMost(WAIT)
        .until(
            () -> api.history("?q=" + URLEncoder.encode(text, StandardCharsets.UTF_8)),
            h -> !h.isEmpty())
        .getJsonObject(0)
        .getString("id");
  }

  // ---- rows, details, filters ------------------------------------------------------------------

  @Test
  void liveEventsShowTheirColumnsAndUnfoldStackTracesFieldsAndJson() {
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
    page.awaitVisible(json);

    WebElement row = page.row(text);
    String id = api.history("?q=" + tag).getJsonObject(0).getString("id");
    assertThat(row.getDomAttribute("data-id")).isEqualTo(id);
    assertThat(cell(row, "level")).isEqualTo("WARN");
    assertThat(row.getDomAttribute("class")).contains("lvl-WARN");
    assertThat(cell(row, "source")).isEqualTo("orders");
    assertThat(cell(row, "logger")).isEqualTo("c.a.o.OrderService");
    assertThat(DashboardPage.loggerTitle(row)).isEqualTo("com.acme.orders.OrderService");
    assertThat(cell(row, "ts")).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
    assertThat(cell(row, "more")).contains("stack").contains("1 fields");

    row.click();
    page.until(WAIT, d -> page.detailsShown());
    assertThat(page.detailsPart("thrown"))
        .contains("java.lang.IllegalStateException: boom")
        .contains("at com.acme.Foo.bar(Foo.java:7)");
    assertThat(page.detailsPart("fields")).contains("\"orderId\": 42");
    assertThat(page.details().getText()).contains(id).contains("com.acme.orders.OrderService");

    page.row(json).click();
    page.until(WAIT, d -> page.detailsPart("message").contains("\"user\": \"ada\""));
    assertThat(page.detailsPart("message")).contains("\"roles\": [\n    \"admin\",");
    page.press(Keys.ESCAPE);
    page.until(WAIT, d -> !page.detailsShown());

    // the latest health sample and the end-to-end latency, from the stream
    page.until(
        WAIT, d -> page.text("health").matches("heap [\\d,]+ / [\\d,]+ MB · threads \\d+.*"));
    page.until(WAIT, d -> page.text("latency").matches("latency -?\\d+ ms · .*"));
    assertThat(page.status()).isEqualTo("connected");
  }

  @Test
  void filtersApplyAtOnceChangeTheStreamAndRoundTripThroughTheUrl() {
    String tag = tag();
    String source = "flt-" + tag;
    feed.post(
        Feed.event("INFO", source, "com.acme.orders.A", "alpha one " + tag).build(),
        Feed.event("WARN", source, "com.acme.billing.B", "beta two " + tag).build(),
        Feed.event("ERROR", source, "com.acme.orders.C", "gamma three " + tag).build(),
        Feed.event("DEBUG", source, "org.other.D", "delta four " + tag).build(),
        Feed.event("WARN", "other-" + tag, "com.acme.orders.E", "beta other " + tag).build());
    page.awaitVisible("beta other " + tag);
    assertThat(page.messages(tag)).hasSize(5);

    page.levelChip("WARN").click();
    page.until(
        WAIT,
        d ->
            page.messages(tag)
                .equals(List.of("beta two " + tag, "gamma three " + tag, "beta other " + tag)));
    assertThat(page.query()).contains("level=WARN");
    assertThat(page.levelChip("ERROR").getDomAttribute("class")).contains("on");
    assertThat(page.levelChip("INFO").getDomAttribute("class")).doesNotContain("on");

    page.sourceChip(source).click();
    page.until(
        WAIT, d -> page.messages(tag).equals(List.of("beta two " + tag, "gamma three " + tag)));
    assertThat(page.query()).contains("source=" + source);

    WebElement logger = page.byId("logger");
    logger.sendKeys("com.acme.orders");
    page.until(WAIT, d -> page.messages(tag).equals(List.of("gamma three " + tag)));
    assertThat(page.query()).contains("logger=com.acme.orders");
    logger.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    page.until(WAIT, d -> page.messages(tag).size() == 2);

    page.search().sendKeys("GAMMA");
    page.until(WAIT, d -> page.messages(tag).equals(List.of("gamma three " + tag)));
    assertThat(page.query()).contains("q=GAMMA").doesNotContain("mode=");
    page.until(WAIT, d -> page.streamUrl().contains("level=WARN"));
    // the text search runs on what the page holds: the stream is not reopened for it
    assertThat(page.streamUrl()).doesNotContain("q=");

    page.searchMode("highlight");
    page.until(WAIT, d -> page.messages(tag).size() == 2);
    assertThat(page.query()).contains("q=GAMMA").contains("mode=highlight");
    assertThat(page.marks()).contains("gamma");

    // the link reproduces the view: same controls, same rows (from history), same server filter
    String link = page.url();
    page.driver.get("about:blank");
    page.open(link.substring(link.indexOf('?')));
    page.until(
        WAIT, d -> page.messages(tag).equals(List.of("beta two " + tag, "gamma three " + tag)));
    assertThat(page.levelChip("WARN").getDomAttribute("aria-pressed")).isEqualTo("true");
    assertThat(page.sourceChip(source).getDomAttribute("aria-pressed")).isEqualTo("true");
    assertThat(page.search().getDomProperty("value")).isEqualTo("GAMMA");
    assertThat(page.byId("search-mode").getDomProperty("value")).isEqualTo("highlight");
    assertThat(page.marks()).isNotEmpty();
    assertThat(page.streamUrl())
        .contains("level=WARN")
        .contains("source=" + source)
        .doesNotContain("q=");

    // live events go through the same filters
    feed.post(
        Feed.event("INFO", source, "com.acme.orders.A", "zeta hidden " + tag).build(),
        Feed.event("ERROR", source, "com.acme.orders.A", "epsilon shown " + tag).build());
    page.awaitVisible("epsilon shown " + tag);
    assertThat(page.messages(tag)).doesNotContain("zeta hidden " + tag);

    // widening the filter brings back what the narrower stream never sent
    page.levelChip("WARN").click();
    page.until(WAIT, d -> page.messages(tag).contains("zeta hidden " + tag));
    assertThat(page.messages(tag)).contains("alpha one " + tag, "delta four " + tag);
    assertThat(new HashSet<>(page.viewIds())).hasSameSizeAs(page.viewIds());
  }

  @Test
  void followPausesOnScrollUpAndCountsWhatArrivesWithAJumpToLatest() {
    String tag = tag();
    String source = "follow-" + tag; // its own source: scrolling up finds no other test's history
    page.open("?source=" + source);
    feed.post(numbered(200, "INFO", source, "follow # " + tag));
    page.awaitVisible("follow 199 " + tag);
    WebElement jump = page.byId("jump");
    assertThat(jump.isDisplayed()).isFalse();
    assertThat(page.followState()).isEqualTo("following");

    page.scrollToTop();
    page.until(WAIT, d -> page.followState().equals("paused (scrolled up)"));
    feed.post(numbered(25, "WARN", source, "late # " + tag));
    page.until(WAIT, d -> jump.isDisplayed() && jump.getText().equals("25 new — jump to latest"));
    assertThat(page.messages(tag))
        .noneMatch(m -> m.startsWith("late") || m.startsWith("follow 199 "));

    jump.click();
    page.awaitVisible("late 24 " + tag);
    page.until(WAIT, d -> !jump.isDisplayed() && page.followState().equals("following"));

    // an explicit pause holds the view still until resumed
    page.press(Keys.SPACE);
    page.until(WAIT, d -> page.followState().equals("paused"));
    assertThat(page.text("pause")).isEqualTo("Resume");
    feed.post(numbered(5, "ERROR", source, "while paused # " + tag));
    page.until(WAIT, d -> jump.isDisplayed() && jump.getText().equals("5 new — jump to latest"));
    assertThat(page.messages(tag))
        .contains("late 24 " + tag)
        .doesNotContain("while paused 4 " + tag);
    // scrolling to the bottom does not end an explicit pause
    page.scrollToBottom();
    page.until(WAIT, d -> page.messages(tag).contains("while paused 4 " + tag));
    assertThat(page.followState()).isEqualTo("paused");
    page.click("pause");
    page.until(WAIT, d -> page.followState().equals("following") && !jump.isDisplayed());
    feed.post(Feed.event("INFO", source, "after resume " + tag));
    page.awaitVisible("after resume " + tag);

    // clear forgets what is shown; the stream goes on
    page.click("clear");
    page.until(WAIT, d -> page.messages(tag).isEmpty());
    feed.post(Feed.event("INFO", source, "after clear " + tag));
    page.until(WAIT, d -> page.messages(tag).equals(List.of("after clear " + tag)));
  }

  @Test
  void keyboardShortcutsSearchPauseMoveAndExplain() {
    String tag = tag();
    String source = "keys-" + tag; // its own source: going to the top finds no other test's history
    page.open("?source=" + source);
    feed.post(numbered(300, "INFO", source, "key # " + tag));
    page.awaitVisible("key 299 " + tag);

    page.press("/");
    page.until(WAIT, d -> "search".equals(page.focused()));
    page.search().sendKeys("key 12" + "3 " + tag);
    page.until(WAIT, d -> page.messages(tag).equals(List.of("key 123 " + tag)));
    assertThat(page.query()).contains("q=key 123 " + tag);
    page.search().sendKeys(Keys.ESCAPE);
    page.until(WAIT, d -> page.messages(tag).size() > 10);
    assertThat(page.search().getDomProperty("value")).isEmpty();
    assertThat(page.query()).doesNotContain("q=");

    page.press("?");
    page.until(WAIT, d -> page.shown("help"));
    assertThat(page.text("help"))
        .contains("search")
        .contains("pause")
        .contains("top")
        .contains("bottom");
    page.press(Keys.ESCAPE);
    page.until(WAIT, d -> !page.shown("help"));

    page.press("g");
    page.until(WAIT, d -> page.scrollTop() == 0);
    assertThat(page.followState()).startsWith("paused");
    assertThat(page.messages(tag)).doesNotContain("key 299 " + tag);
    page.press("G");
    page.awaitVisible("key 299 " + tag);
    page.until(WAIT, d -> page.followState().equals("following"));

    page.press(" ");
    page.until(WAIT, d -> page.followState().equals("paused"));
    page.press(" ");
    page.until(WAIT, d -> page.followState().equals("following"));
  }

  @Test
  void aHundredThousandEventsAreHeldWhileOnlyTheVisibleRowsExist() {
    String tag = tag();
    String source = "virt-" + tag; // its own source: going to the top finds no other test's history
    page.open("?source=" + source);
    String[] levels = {"TRACE", "DEBUG", "INFO", "INFO", "INFO", "WARN", "ERROR"};
    List<JsonObject> events = new ArrayList<>(1000);
    for (int i = 0; i < 100_000; i++) {
      events.add(Feed.event(levels[i % levels.length], source, "v " + i + " " + tag));
      if (events.size() == 1000) {
        feed.post(events);
        events.clear();
      }
    }
    page.until(Duration.ofSeconds(180), d -> page.messages().contains("v 99999 " + tag));
    page.until(WAIT, d -> page.held() == 100_000);
    assertThat(page.inView()).isEqualTo(100_000);
    assertThat(page.domRows()).isLessThan(80);
    assertThat(page.rowElements()).isLessThan(100);
    assertThat(page.elements()).isLessThan(1500);

    // searchable: all 100,000 are looked at, one matches
    page.search().sendKeys("v 77777 " + tag);
    page.until(WAIT, d -> page.messages(tag).equals(List.of("v 77777 " + tag)));
    assertThat(page.inView()).isEqualTo(1);
    page.search().sendKeys(Keys.ESCAPE);
    page.until(WAIT, d -> page.inView() == 100_000);

    page.press("g");
    page.until(WAIT, d -> page.messages().get(0).startsWith("v "));
    assertThat(page.domRows()).isLessThan(80);
    page.scrollToRow(50_000);
    page.until(WAIT, d -> page.messages().stream().anyMatch(m -> m.matches("v [45]\\d{4} .*")));
    assertThat(page.domRows()).isLessThan(80);
  }

  // ---- the connection
  // ----------------------------------------------------------------------------

  @Test
  void aCutStreamIsRetriedWithBackoffAndResumesWithoutLossOrDoubles() {
    String tag = tag();
    feed.post(numbered(10, "INFO", "cut", "before # " + tag));
    page.awaitVisible("before 9 " + tag);
    long reconnects = page.reconnects();

    proxy.down(); // the stream is cut and the "server" answers 503 for a while
    page.until(WAIT, d -> page.status().matches("reconnecting \\(attempt [2-9]\\d*, in \\d+ s\\)"));
    assertThat(page.state()).isEqualTo("reconnecting");
    feed.post(numbered(20, "WARN", "cut", "during # " + tag));

    proxy.up();
    page.until(Duration.ofSeconds(60), d -> "connected".equals(page.state()));
    page.awaitVisible("during 19 " + tag);
    List<String> expected = new ArrayList<>(numberedMessages(0, 10, "before # " + tag));
    expected.addAll(numberedMessages(0, 20, "during # " + tag));
    List<String> visible = page.messages(tag);
    assertThat(visible).isEqualTo(expected.subList(30 - visible.size(), 30));
    List<String> ids = page.viewIds();
    assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
    assertThat(page.reconnects()).isGreaterThan(reconnects);
    assertThat(page.status()).isEqualTo("connected");
    // and everything sent while away is held once, in order
    page.search().sendKeys(tag);
    page.until(WAIT, d -> page.inView() == 30);
    assertThat(page.viewMessages()).isEqualTo(expected);
  }

  @Test
  void aStreamThatGoesSilentIsReplacedByTheWatchdog() {
    String tag = tag();
    feed.post(Feed.event("INFO", "watchdog", "before silence " + tag));
    page.awaitVisible("before silence " + tag);
    long reconnects = page.reconnects();
    // the page knows the health period (announced by the stream, or seen from a few samples)
    page.until(WAIT, d -> page.silenceLimit() <= 20_000);

    proxy.stall(); // the connection stays open, but nothing arrives: no metric, no ping, no logs
    feed.post(Feed.event("WARN", "watchdog", "during silence " + tag));
    // metrics come every second in this deployment: silence for 3 periods + 2 s is a dead stream
    // (a replacement may land on another socket the dead middlebox holds: each is replaced in turn)
    Duration dead = Duration.ofSeconds(60);
    page.until(dead, d -> page.reconnects() > reconnects);
    page.until(dead, d -> "connected".equals(page.state()));
    page.until(dead, d -> page.messages().contains("during silence " + tag));
    assertThat(page.messages(tag))
        .containsExactly("before silence " + tag, "during silence " + tag);
  }

  @Test
  void comingBackOnlineReconnectsAtOnceInsteadOfWaitingOutTheBackoff() {
    String tag = tag();
    proxy.down();
    // let the backoff grow until the page announces its next try at least 15 s away
    Pattern retry = Pattern.compile("reconnecting \\(attempt \\d+, in (\\d+) s\\)");
    page.until(
        Duration.ofSeconds(90),
        d -> {
          Matcher m = retry.matcher(page.status());
          return m.matches() && Integer.parseInt(m.group(1)) >= 15;
        });
    proxy.up();
    feed.post(Feed.event("INFO", "online", "back online " + tag));
    page.offline(true);
    page.until(WAIT, d -> page.status().contains("offline"));
    page.offline(false);
    // connected (and the event shown) while the retry the page announced is still seconds away:
    // coming back online tried at once
    page.until(Duration.ofSeconds(8), d -> "connected".equals(page.state()));
    page.awaitVisible("back online " + tag);
  }

  @Test
  void aResumeThatHistoryCannotServeShowsTheGap() {
    String tag = tag();
    feed.post(Feed.event("INFO", "gap", "before the gap " + tag));
    page.awaitVisible("before the gap " + tag);
    long held = Long.parseLong(page.lastId());

    proxy.down();
    page.until(WAIT, d -> "reconnecting".equals(page.state()));
    feed.post(numbered(10_500, "DEBUG", "gap", "missed # " + tag)); // history holds 10,000
    // a 202 means queued for the relay (this deployment has no store): wait until it recorded them
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> Long.parseLong(api.stats().getString("newestId")) >= held + 10_500);
    long oldest = Long.parseLong(api.stats().getString("oldestId"));
    long missed = oldest - held - 1;
    assertThat(missed).isGreaterThanOrEqualTo(500);

    proxy.up();
    page.until(Duration.ofSeconds(60), d -> "resumed".equals(page.state()));
    page.awaitVisible("missed 10499 " + tag);
    assertThat(page.gaps()).isEqualTo(1);
    List<Map<String, Object>> gaps = page.gapEvents();
    boolean counted = gaps.get(0).get("missed") != null; // a server that knows the count says it
    String status = page.status();
    long reported = -1;
    if (counted) {
      Matcher gapText = Pattern.compile("resumed: gap of ([\\d,]+) events .*").matcher(status);
      assertThat(gapText.matches()).as(status).isTrue();
      reported = Long.parseLong(gapText.group(1).replace(",", ""));
      assertThat(reported).isBetween(missed, missed + 100); // the server may log meanwhile
      assertThat(((Number) gaps.get(0).get("missed")).longValue()).isEqualTo(reported);
    } else {
      assertThat(status).matches("resumed: events missed \\(ids \\d+–\\d+ no longer held\\)");
    }
    // the gap is marked in the list, where it happened, with the time range it spans
    page.search().sendKeys("before the gap " + tag);
    page.until(WAIT, d -> page.rows().size() == 2);
    assertThat(page.gapRow().getText())
        .contains(
            (counted ? String.format("%,d", reported) + " events" : "Events")
                + " missed while disconnected between ")
        .containsPattern("between \\d\\d:\\d\\d:\\d\\d\\.\\d{3} and \\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
  }

  @Test
  void aQuietHealthyStreamIsNeverReconnected() {
    proxy.quiet(true); // health announced every 9 s, and no metric reaches the page
    page.open("");
    String tag = tag();
    long reconnects = page.reconnects();
    page.until(WAIT, d -> page.serverSays() != null);
    Assumptions.assumeTrue(
        page.serverSays().get("healthMillis") != null,
        "the server does not announce its periods yet (contract: the stream's opening event)");
    page.until(WAIT, d -> page.silenceLimit() == 29_000);
    // quiet for longer than the old guess gave a silent stream (17 s), and still connected
    await()
        .during(Duration.ofSeconds(20))
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(500))
        .pollInSameThread()
        .until(
            () ->
                page.metrics() == 0
                    && page.reconnects() == reconnects
                    && "connected".equals(page.state()));
    feed.post(Feed.event("INFO", "quiet", "after a quiet while " + tag));
    page.awaitVisible("after a quiet while " + tag);
    assertThat(page.reconnects()).isEqualTo(reconnects);
  }

  // ---- what the page must never do
  // ---------------------------------------------------------------

  @Test
  void hostileTextIsShownLiterallyAndNothingRuns() {
    HttpResponse<String> response = api.get("", Api.admin());
    assertThat(response.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'")
        .doesNotContain("unsafe-inline")
        .doesNotContain("unsafe-eval");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(response.headers().firstValue("Referrer-Policy")).isPresent();

    page.driver.manage().window().setSize(new Dimension(DashboardPage.WIDTH, 2600));
    String tag = tag();
    String source = "hostile-" + tag;
    page.open("?source=" + source);
    long embeddable = page.watchForViolations();
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
    page.until(Duration.ofSeconds(60), d -> page.inView() == events.size());
    page.until(WAIT, d -> page.messages().size() == events.size());

    List<String> shown = page.messages();
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
    assertThat(page.tagsInRows()).containsOnly("SPAN", "TIME");

    // unfolding shows the same text, never markup
    page.row("hostile logger " + tag).click();
    page.until(WAIT, d -> page.detailsShown());
    assertThat(page.details().getText())
        .contains("<img src=x onerror=window.__pwned=50>")
        .contains("⟨U+202E⟩evil thread")
        .contains("\"<b>key</b>\": \"<script>window.__pwned=51</script>\"")
        .contains("<script>window.__pwned=52</script>");
    page.rowStartingWith("{\"html\"").click();
    page.until(
        WAIT,
        d -> page.details().getText().contains("\"html\": \"<script>window.__pwned=39</script>\""));
    page.rowStartingWith("<script>window.__pwned='big'").click();
    // the server cut it to livelog.event.maxChars, and the details say so
    page.until(WAIT, d -> page.details().getText().contains("The server cut this event"));

    assertThat(page.pwned()).isNull();
    assertThat(page.driver.getTitle()).isEqualTo("Livelog");
    assertThat(page.violations()).isEmpty();
    assertThat(page.embeddableElements()).isEqualTo(embeddable);
    assertThat(page.url()).startsWith(browser.base);
  }

  // ---- looks, downloads, operators
  // -----------------------------------------------------------------

  @Test
  void themesFollowTheSystemAndCanBeSwitched() throws IOException {
    page.colorScheme("dark");
    page.open("");
    List<JsonObject> demo = demoEvents();
    for (int from = 0; from < demo.size(); from += 7) {
      feed.post(demo.subList(from, Math.min(demo.size(), from + 7)));
      long next = System.currentTimeMillis() + 600;
      page.until(WAIT, d -> System.currentTimeMillis() > next); // spread over seconds for the chart
    }
    page.awaitVisible("Checkout completed for order 1042 in 184 ms");
    WebElement theme = page.byId("theme");
    assertThat(theme.getText()).isEqualTo("Theme: system");
    assertThat(page.background()).isLessThan(0.2); // the system says dark

    theme.click();
    page.until(WAIT, d -> theme.getText().equals("Theme: light"));
    assertThat(page.background()).isGreaterThan(0.8);
    assertThat(page.appliedTheme()).isEqualTo("light");
    page.row("Payment for order 1042 failed: card declined").click();
    page.until(WAIT, d -> page.detailsShown());
    page.until(WAIT, d -> page.text("health").startsWith("heap"));
    browser.screenshot(SCREENSHOTS.resolve("dashboard-light.png"));
    assertThat(page.lowContrast()).as("text below 4.5:1 in the light theme").isEmpty();

    theme.click();
    page.until(WAIT, d -> theme.getText().equals("Theme: dark"));
    assertThat(page.background()).isLessThan(0.2);
    browser.screenshot(SCREENSHOTS.resolve("dashboard-dark.png"));
    assertThat(page.lowContrast()).as("text below 4.5:1 in the dark theme").isEmpty();

    // the choice lasts across visits
    page.open("");
    assertThat(page.text("theme")).isEqualTo("Theme: dark");
    page.click("theme");
    page.until(WAIT, d -> page.text("theme").equals("Theme: system"));
    page.colorScheme("light");
    page.until(WAIT, d -> page.background() > 0.8);

    // README's screenshot changes only when asked for: a test run never writes into src/
    if (Boolean.getBoolean("livelog.screenshot.update")) {
      Path site =
          Path.of(System.getProperty("livelog.basedir", "."), "src/site/images/dashboard.png");
      Files.createDirectories(site.getParent());
      Files.copy(
          SCREENSHOTS.resolve("dashboard-light.png"), site, StandardCopyOption.REPLACE_EXISTING);
    }
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
    page.open("?source=" + source);
    feed.post(numbered(3, "INFO", source, "download # " + tag));
    page.awaitVisible("download 2 " + tag);
    page.click("download");
    Path file =
        page.until(
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
                .map(l -> Json.createReader(new StringReader(l)).readObject().getString("message")))
        .containsExactly("download 0 " + tag, "download 1 " + tag, "download 2 " + tag);
    assertThat(file.getFileName().toString()).startsWith("livelog-");
  }

  @Test
  void anOperatorSetsAnAlertRuleInThePageItsAlertIsShownAndALoggerTurnedUpFromTheDetails() {
    String tag = tag();
    String source = "operate-" + tag;
    String logger = "com.acme.dash" + tag + ".Orders";
    page.open("?source=" + source);
    try {
      // the operator sets the rule in the page; a refused line is named
      WebElement button = page.byId("alerts-button");
      page.until(WAIT, d -> button.isDisplayed());
      button.click();
      WebElement text = page.byId("alert-rules");
      page.until(WAIT, d -> text.isDisplayed());
      text.clear();
      text.sendKeys("ok: 1 ERROR in 5 s\n\n2 LOUD in 5 s");
      page.click("alerts-save");
      page.until(WAIT, d -> page.text("alert-error").startsWith("line 2: unknown level LOUD"));
      text.clear();
      text.sendKeys("dash: 2 ERROR from " + logger + " in 60 s");
      page.click("alerts-save");
      page.until(WAIT, d -> page.toast().equals("1 alert rule saved"));
      assertThat(page.shown("alerts")).isFalse();
      JsonObject rules = Api.object(api.get("api/alerts", Api.admin()).body());
      assertThat(rules.getString("setBy")).isEqualTo("admin");
      assertThat(rules.getJsonArray("rules").getJsonObject(0).getString("rule"))
          .isEqualTo("dash: 2 ERROR from " + logger + " in 60 s");
      button.click();
      page.until(WAIT, d -> page.text("alert-origin").startsWith("set by admin"));
      assertThat(text.getDomProperty("value"))
          .isEqualTo("dash: 2 ERROR from " + logger + " in 60 s");
      text.sendKeys(Keys.ESCAPE);
      page.until(WAIT, d -> !page.shown("alerts"));
      feed.post(
          Feed.event("ERROR", source, logger, "first failure " + tag).build(),
          Feed.event("ERROR", source, logger, "second failure " + tag).build());
      page.until(WAIT, d -> page.toast().startsWith("alert dash: 2 events within 60 s"));

      page.awaitVisible("second failure " + tag);
      page.row("second failure " + tag).click();
      page.until(WAIT, d -> page.detailsHave("logger-fine"));
      page.inDetails("logger-fine").click();
      page.until(WAIT, d -> page.toast().equals(logger + ": FINE for 10 minutes"));
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

  // ---- tabs
  // ----------------------------------------------------------------------------------------

  private Map<String, String> roles(List<String> tabs) {
    Map<String, String> roles = new LinkedHashMap<>();
    for (String tab : tabs) {
      page.switchTo(tab);
      roles.put(tab, page.role());
    }
    return roles;
  }

  private static long count(Map<String, String> roles, String role) {
    return roles.values().stream().filter(role::equals).count();
  }

  /**
   * The tab that holds the stream is closed while events flow: another takes over, every tab left
   * holds each event once, in order, and one tab leads again. Answers the tabs left.
   */
  private List<String> theLeaderGoesWithoutLossOrDoubles(List<String> tabs, String label) {
    String tag = tag();
    int count = 40;
    String leader =
        roles(tabs).entrySet().stream()
            .filter(e -> e.getValue().equals("leader"))
            .findFirst()
            .orElseThrow()
            .getKey();
    String witness = tabs.get(tabs.indexOf(leader) == 1 ? 2 : 1);
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Thread feeder =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < count; i++) {
                  feed.post(Feed.event("WARN", "tabs", label + " " + i + " " + tag));
                  LockSupport.parkNanos(50_000_000L);
                }
              } catch (RuntimeException e) {
                failure.set(e);
              }
            });
    feeder.start();
    page.switchTo(witness);
    page.until(WAIT, d -> page.holds(label + " 10 " + tag));
    page.switchTo(leader);
    page.closeTab();
    List<String> left = new ArrayList<>(tabs);
    left.remove(leader);
    page.switchTo(witness);
    page.until(Duration.ofSeconds(60), d -> !feeder.isAlive());
    assertThat(failure.get()).isNull();
    List<String> expected = numberedMessages(0, count, label + " # " + tag);
    for (String tab : left) {
      page.switchTo(tab);
      page.until(WAIT, d -> page.holds(label + " " + (count - 1) + " " + tag));
      assertThat(page.heldMessages(label)).filteredOn(m -> m.endsWith(tag)).isEqualTo(expected);
    }
    page.until(WAIT, d -> count(roles(left), "leader") == 1);
    page.until(WAIT, d -> subscribers() <= 2);
    return left;
  }

  @Test
  void tenTabsShareOneStreamHandItOverWithoutLossAndAnEleventhStillLoads() {
    page.allowClipboard();
    String tag = tag();
    // a saved search notifies while a tab is hidden
    page.search().sendKeys("ten tabs " + tag);
    page.click("notify");
    page.until(WAIT, d -> "true".equals(page.byId("notify").getDomAttribute("aria-pressed")));
    page.search().sendKeys(Keys.ESCAPE);
    List<String> tabs = new ArrayList<>(List.of(page.tab()));
    for (int i = 1; i < 10; i++) {
      tabs.add(page.newTab(i % 3 == 0 ? "?level=WARN" : "")); // tabs filter differently
    }
    // over HTTP/1.1 (six connections per host), ten tabs hold one stream, two during a hand-over
    page.until(WAIT, d -> subscribers() <= 2);
    assertThat(subscribers()).isBetween(1, 2);
    Map<String, String> roles = roles(tabs);
    assertThat(count(roles, "leader")).isEqualTo(1);
    assertThat(count(roles, "follower")).isEqualTo(9);

    feed.post(Feed.event("ERROR", "tabs", "ten tabs " + tag));
    for (String tab : tabs) {
      page.switchTo(tab);
      page.until(WAIT, d -> page.holds("ten tabs " + tag));
    }
    // the tabs in the background counted it as unread, in the title and the favicon
    for (String tab : tabs.subList(0, tabs.size() - 1)) {
      page.switchTo(tab);
      assertThat(page.attentionLog())
          .contains("(1) Livelog badge")
          .contains("notified Livelog: 1 new match for “ten tabs " + tag + "”");
    }

    List<String> left = theLeaderGoesWithoutLossOrDoubles(tabs, "handover");

    // an eleventh tab loads and follows
    page.switchTo(left.get(0));
    page.newTab("");
    assertThat(page.role()).isEqualTo("follower");
    feed.post(Feed.event("WARN", "tabs", "eleventh " + tag));
    page.until(WAIT, d -> page.holds("eleventh " + tag));
    assertThat(subscribers()).isLessThanOrEqualTo(2);
  }

  @Test
  void withoutWebLocksTabsElectALeaderOverTheChannelAndHandOverWithoutLoss() {
    // as on a plain-HTTP origin other than localhost, where the browser offers no Web Locks
    page.electByLease();
    page.open("");
    assertThat(page.election()).isEqualTo("lease");
    List<String> tabs = new ArrayList<>(List.of(page.tab()));
    for (int i = 1; i < 4; i++) {
      tabs.add(page.newTab(""));
    }
    page.until(WAIT, d -> count(roles(tabs), "leader") == 1);
    page.until(WAIT, d -> subscribers() <= 2);
    assertThat(subscribers()).isBetween(1, 2);

    theLeaderGoesWithoutLossOrDoubles(tabs, "lease");
  }

  // ---- the viewer's tools
  // ----------------------------------------------------------------------------

  @Test
  void theViewersToolsCopyLinkSearchFilterFoldAndPageBack() {
    page.allowClipboard();
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
    JsonArray orders =
        await()
            .atMost(WAIT)
            .until(() -> api.history("?q=Order&source=" + source), h -> h.size() == 3);
    for (JsonObject e : orders.getValuesAs(JsonObject.class)) {
      ids.add(e.getString("id"));
    }
    page.open("?source=" + source);
    page.awaitVisible("Order 9 shipped " + tag);
    assertThat(page.held()).isEqualTo(1000);

    // the stack trace folds the platform's frames and keeps the application's and "Caused by"
    page.row("Order 7 failed " + tag).click();
    page.until(WAIT, d -> page.detailsShown());
    assertThat(page.detailsPart("thrown"))
        .contains("at com.acme.orders.OrderService.place(OrderService.java:42)")
        .contains("Caused by: java.io.IOException: disk full")
        .contains("at com.acme.orders.Store.save(Store.java:9)")
        .doesNotContain("Thread.run");
    WebElement fold = page.foldButton();
    assertThat(fold.getText()).isEqualTo("… 3 platform frames");
    fold.click();
    assertThat(page.detailsPart("thrown"))
        .contains("at java.base/java.lang.Thread.run(Thread.java:1583)");

    // copy the JSON, the line, the link; the address names the event too
    page.click("copy-json");
    page.until(WAIT, d -> page.clipboard().startsWith("{"));
    JsonObject copied = Json.createReader(new StringReader(page.clipboard())).readObject();
    assertThat(copied.getString("id")).isEqualTo(ids.get(0));
    assertThat(copied.getJsonObject("fields").getInt("orderId")).isEqualTo(7);
    page.click("copy-line");
    page.until(WAIT, d -> page.clipboard().contains(" ERROR "));
    assertThat(page.clipboard())
        .matches(
            "(?s)\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z ERROR .*com\\.acme\\.orders\\.OrderService - Order 7 failed .*")
        .contains("Caused by: java.io.IOException: disk full");
    page.click("copy-link");
    page.until(WAIT, d -> page.clipboard().endsWith("#event=" + ids.get(0)));
    assertThat(page.url()).endsWith("#event=" + ids.get(0));

    // a field's value filters by it, shown as a removable chip and kept in the address
    page.detailsField("orderId").click();
    page.until(WAIT, d -> page.messages(tag).equals(List.of("Order 7 failed " + tag)));
    assertThat(page.query()).contains("f.orderId=7");
    page.filterChip("field", "orderId").click();
    page.until(WAIT, d -> page.messages(tag).size() > 3);
    assertThat(page.query()).doesNotContain("f.orderId");

    // issue 12: each row names the node that took the event in, and a node filters the view
    WebElement other = page.row("Order 8 failed " + tag);
    assertThat(cell(other, "node")).isEqualTo("payara-b");
    other.click();
    page.until(WAIT, d -> page.detailsHave("node-value"));
    page.inDetails("node-value").click();
    page.until(WAIT, d -> page.messages(tag).equals(List.of("Order 8 failed " + tag)));
    assertThat(page.query()).contains("node=payara-b");
    page.filterChip("node", null).click();
    page.until(WAIT, d -> page.messages(tag).size() > 3);
    assertThat(page.query()).doesNotContain("node=");

    // search: regex, invert, a match count, n/N between matches
    page.press(Keys.ESCAPE);
    WebElement search = page.search();
    search.sendKeys("order \\d+ failed");
    page.until(WAIT, d -> page.matches().equals("0 matches"));
    page.click("regex");
    page.until(
        WAIT,
        d -> page.messages(tag).equals(List.of("Order 7 failed " + tag, "Order 8 failed " + tag)));
    assertThat(page.matches()).isEqualTo("2 matches");
    assertThat(page.query()).contains("regex=1");
    page.click("invert");
    page.until(WAIT, d -> page.messages(tag).contains("Order 9 shipped " + tag));
    assertThat(page.messages(tag)).noneMatch(m -> m.contains("failed"));
    page.click("invert");
    page.searchMode("highlight");
    page.until(WAIT, d -> page.messages(tag).contains("Order 9 shipped " + tag));
    page.press("n");
    page.until(WAIT, d -> ("Order 7 failed " + tag).equals(page.cursorMessage()));
    page.press("n");
    page.until(WAIT, d -> ("Order 8 failed " + tag).equals(page.cursorMessage()));
    page.press("N");
    page.until(WAIT, d -> ("Order 7 failed " + tag).equals(page.cursorMessage()));
    search.clear();
    search.sendKeys(Keys.ESCAPE);

    // the search reaches logger, thread, stack trace and fields
    search.sendKeys("disk full");
    page.until(WAIT, d -> page.matches().equals("1 match"));
    search.sendKeys(Keys.ESCAPE);
    page.searchMode("filter");

    // a link to one event: shown from what is held, or fetched from history
    page.driver.get("about:blank");
    page.open("?source=" + source + "#event=" + ids.get(1));
    page.until(WAIT, d -> page.detailsShown());
    assertThat(page.details().getText()).contains("Order 8 failed " + tag);
    page.until(WAIT, d -> ("Order 8 failed " + tag).equals(page.cursorMessage()));
    page.driver.get("about:blank");
    page.open("?level=ERROR&source=" + source + "#event=" + ids.get(2));
    page.until(WAIT, d -> page.detailsShown());
    assertThat(page.details().getText()).contains("Order 9 shipped " + tag);
    assertThat(page.messages(tag)).containsExactly("Order 7 failed " + tag);

    // load older pages back through history (GET /api/logs?before=ID)
    JsonArray probe = api.history("?limit=1&before=" + ids.get(0));
    Assumptions.assumeTrue(
        probe.size() == 1
            && Long.parseLong(probe.getJsonObject(0).getString("id")) < Long.parseLong(ids.get(0)),
        "the server does not page back with before= yet");
    page.open("?source=" + source);
    page.awaitVisible("Order 9 shipped " + tag);
    page.click("older");
    page.until(WAIT, d -> page.held() == 1203);
    page.press("g");
    page.until(
        WAIT,
        d -> !page.messages(tag).isEmpty() && page.messages(tag).get(0).equals("older 0 " + tag));
  }

  @Test
  void keyboardAndAssistiveTechnologyAndAPhoneSizedScreen() {
    page.allowClipboard();
    String tag = tag();
    String source = "a11y-" + tag;
    page.open("?source=" + source);
    feed.post(numbered(20, "INFO", source, "row # " + tag));
    feed.post(numbered(3, "ERROR", source, "bad # " + tag));
    page.awaitVisible("bad 2 " + tag);

    // a list box whose rows are options; the keyboard moves a cursor between them
    assertThat(page.hasLogRegion()).isFalse();
    assertThat(page.byId("viewport").getDomAttribute("role")).isEqualTo("listbox");
    assertThat(page.rows()).allMatch(r -> "option".equals(r.getDomAttribute("role")));
    page.focusList();
    page.press("G");
    page.press("k");
    page.until(WAIT, d -> page.cursorMessage() != null);
    String last = page.cursorMessage();
    assertThat(last).isEqualTo("bad 2 " + tag);
    page.press("k");
    page.until(WAIT, d -> !last.equals(page.cursorMessage()));
    String start = page.cursorMessage();
    assertThat(start).isEqualTo("bad 1 " + tag);
    page.press("j");
    page.until(WAIT, d -> last.equals(page.cursorMessage()));
    String next = page.cursorMessage();
    page.press(Keys.ARROW_UP);
    page.until(WAIT, d -> start.equals(page.cursorMessage()));
    String active = page.byId("viewport").getDomAttribute("aria-activedescendant");
    assertThat(page.text(active)).contains(start);
    assertThat(next).isNotEqualTo(start);
    page.press(Keys.ENTER);
    page.until(WAIT, d -> page.detailsShown());
    assertThat(page.details().getText()).contains(start);
    page.press("c");
    page.until(WAIT, d -> page.clipboard().contains(" - " + start));
    page.press(Keys.ESCAPE);
    page.until(WAIT, d -> !page.detailsShown());
    assertThat(page.focused()).isEqualTo("viewport");

    // w wraps the row in place, whole, over the rows below; w again folds it
    page.press("w");
    page.until(WAIT, d -> page.expandedCursorRowHeight() > 0);
    page.press("w");
    page.until(WAIT, d -> !page.anyRowExpanded());

    // the help keeps focus inside while open and gives it back when closed
    page.press("?");
    page.until(WAIT, d -> page.shown("help"));
    assertThat(page.focused()).isEqualTo("help-close");
    page.type(Keys.TAB);
    assertThat(page.focusInside("help")).isTrue();
    page.type(Keys.ESCAPE);
    page.until(WAIT, d -> !page.shown("help"));

    // new errors are announced together, not row by row; the chart has a text alternative
    page.until(WAIT, d -> page.text("announce").matches("\\d+ new errors?"));
    assertThat(page.byId("rate").getDomAttribute("aria-labelledby")).isEqualTo("rate-text");
    page.until(
        WAIT,
        d -> page.rateText().matches("Last five minutes: [\\d,]+ events \\([\\d,]+ ERROR, .*"));

    // times in local, UTC or relative, the choice labelled
    WebElement zone = page.byId("zone");
    zone.click();
    page.until(WAIT, d -> zone.getText().equals("Time: UTC"));
    JsonObject bad =
        api.history("?q=" + URLEncoder.encode("bad 2 " + tag, StandardCharsets.UTF_8))
            .getJsonObject(0);
    String utc =
        DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC)
            .format(Instant.ofEpochMilli(bad.getJsonNumber("ts").longValue()));
    page.until(WAIT, d -> cell(page.row("bad 2 " + tag), "ts").equals(utc));
    zone.click();
    page.until(WAIT, d -> zone.getText().equals("Time: relative"));
    page.until(WAIT, d -> page.rowTimes().stream().allMatch(t -> t.contains("ago")));
    zone.click();
    page.until(WAIT, d -> zone.getText().equals("Time: local"));

    // 375 px wide: nothing scrolls sideways, the message keeps most of the row
    page.driver.manage().window().setSize(new Dimension(375, 800));
    try {
      page.until(Duration.ofSeconds(10), d -> !page.scrollsSideways());
    } catch (TimeoutException e) {
      assertThat(page.widerThanTheWindow()).as("wider than the screen").isEmpty();
      throw e;
    }
    page.until(WAIT, d -> page.messageWidth() > 180);
    assertThat(page.loggerColumnShown()).isFalse();
    browser.screenshot(SCREENSHOTS.resolve("dashboard-375.png"));
  }

  @Test
  void memoryIsABudgetInBytesAndLongEventsAreFetchedWholeForTheDetails() {
    String tag = tag();
    String source = "bytes-" + tag;
    page.open("?mem=1&source=" + source);
    assertThat(page.budget()).isEqualTo(1_048_576);
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
    page.until(WAIT, d -> page.holds("big 199 " + tag) && page.holds("huge " + tag));
    long held = page.held();
    assertThat(page.bytes()).isLessThanOrEqualTo(1_048_576);
    assertThat(held).isBetween(10L, 199L);
    assertThat(page.counts().values().stream().mapToLong(Number::longValue).sum()).isEqualTo(held);
    assertThat(page.text("shown")).contains("of 1 MB");

    WebElement big = page.rowStartingWith("big 199 " + tag);
    assertThat(cell(big, "more")).contains("chars");
    big.click();
    page.until(WAIT, d -> !page.detailsLoading() && page.detailsPart("message").length() > 20_000);
    // an event the server cut (livelog.event.maxChars) says so
    page.rowStartingWith("huge " + tag).click();
    page.until(WAIT, d -> !page.detailsLoading());
    assertThat(page.details().getText()).contains("The server cut this event");
  }

  // ---- signing out
  // -------------------------------------------------------------------------------------

  @Test
  void signingOutElsewhereStopsTheStreamAndLeadsToTheSignInForm() {
    String first = page.tab();
    page.newTab("");
    page.click("logout");
    page.until(WAIT, d -> d.getCurrentUrl().contains("login.jsp?out"));
    page.closeTab();
    page.switchTo(first);
    // the server closed this session's stream; the reconnect is refused with 401
    page.until(
        WAIT, d -> d.getCurrentUrl().contains("login.jsp") || "signed-out".equals(page.state()));
    page.until(WAIT, d -> d.getCurrentUrl().contains("login.jsp"));
  }

  @Test
  void theSignOutButtonEndsTheSessionAndALinkSurvivesTheSignIn() {
    page.click("logout");
    page.until(WAIT, d -> d.getCurrentUrl().contains("login.jsp?out"));
    assertThat(page.text("message")).contains("signed out");
    page.driver.get(browser.base);
    page.until(WAIT, d -> d.getCurrentUrl().contains("login.jsp"));

    // a link to one event survives the sign-in it leads to: query and fragment come back
    String tag = tag();
    String source = "link-" + tag;
    feed.post(Feed.event("WARN", source, "shared link " + tag));
    String id = idOf("shared link " + tag);
    page.driver.get(browser.base + "?source=" + source + "#event=" + id);
    page.until(WAIT, d -> d.getCurrentUrl().contains("login.jsp"));
    page.signIn();
    page.until(WAIT, d -> d.getCurrentUrl().endsWith("?source=" + source + "#event=" + id));
    page.until(WAIT, d -> page.detailsShown());
    assertThat(page.details().getText()).contains("shared link " + tag).contains(id);
  }
}
