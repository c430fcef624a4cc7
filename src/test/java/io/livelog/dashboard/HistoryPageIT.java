package io.livelog.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.testsupport.Api;
import io.livelog.testsupport.ClusterNodes;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

/**
 * Issue 18's page, in headless Chromium against one Payara Micro with its H2 store (the other
 * browser tests run with the store off for their gap checks, so this one has a server of its own
 * that it can kill and start again): the events are ingested, the server is killed with {@code kill
 * -9} and started on the same store, and the page then scrolls back past what its 1 MB holds,
 * searches older history with progress and "continue", and jumps to a time. The server's search
 * budget is 1 ms, so every history read that has more to scan stops after one block of rows and
 * answers {@code Livelog-Scanned-To}: the page must continue them.
 */
class HistoryPageIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int EVENTS = 3_000;

  @RegisterExtension
  static final ClusterNodes SERVER =
      new ClusterNodes(
          1,
          false,
          "livelog.capture.server=false",
          "livelog.history.size=2000",
          "livelog.history.searchMillis=1");

  static Browser browser;

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void scrollsBackPastMemoryAndFindsASearchedEventFromBeforeARestart() throws Exception {
    ClusterNodes.Node node = SERVER.node(0);
    Api api = node.api();
    Feed feed = new Feed(api);
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String source = "history-" + tag;
    // the needle three hours ago, then 3,000 events of about 1 KB: three times what 1 MB holds
    long needleTs = System.currentTimeMillis() - Duration.ofHours(3).toMillis();
    String needle = "needle " + tag + " disk full on /var";
    feed.post(
        Feed.event("ERROR", source, "com.acme.Disk", needle).add("ts", needleTs).build(),
        Feed.event("WARN", source, "com.acme.Disk", "after the spike " + tag)
            .add("ts", needleTs + 1)
            .build());
    String filler = "x".repeat(400);
    List<JsonObject> flood =
        IntStream.range(0, EVENTS)
            .mapToObj(i -> Feed.event("INFO", source, "old " + i + " " + tag + " " + filler))
            .toList();
    feed.post(flood);

    // every event was answered 202 (committed); the server dies and comes back on its store
    node.kill();
    node.start();
    node.awaitMembers(1);

    browser =
        Browser.start(
            "http://127.0.0.1:" + node.httpPort + api.base().getPath(),
            DashboardPage.WIDTH,
            DashboardPage.HEIGHT);
    DashboardPage page = new DashboardPage(browser);
    page.login();
    page.open("?mem=1&source=" + source);
    String newest = "old " + (EVENTS - 1) + " " + tag + " " + filler;
    page.until(WAIT, d -> page.messages(tag).contains(newest));
    assertThat(page.held()).isLessThan(EVENTS);

    // search older history: not held by the page, found on the server with visible progress
    page.search().sendKeys("needle " + tag);
    page.until(WAIT, d -> page.matches().equals("0 matches"));
    page.click("search-history");
    AtomicBoolean progressShown = new AtomicBoolean();
    page.until(
        WAIT,
        d -> {
          String note = page.text("found-note");
          if (note.contains("searched back to id")) {
            progressShown.set(true);
          }
          if (!page.foundMessages().isEmpty()) {
            return true;
          }
          WebElement more = page.byId("found-continue");
          if (more.isDisplayed()) {
            more.click();
          }
          return false;
        });
    assertThat(progressShown).as("a search cut short said how far it got").isTrue();
    assertThat(page.foundMessages()).containsExactly(needle);
    assertThat(page.text("found-note")).contains("1 found in older history");

    // choosing it shows the history around it in the list
    page.chooseFound(0);
    page.until(WAIT, d -> page.messages(tag).contains(needle));
    assertThat(page.text("found-note")).isNotEmpty();
    page.click("found-close");

    // scrolling up past memory pages back seamlessly, within the page's budget, to the oldest
    page.open("?mem=1&source=" + source);
    page.until(WAIT, d -> page.messages(tag).contains(newest));
    page.until(
        WAIT,
        d -> {
          page.press("g");
          List<String> shown = page.messages(tag);
          return !shown.isEmpty() && shown.get(0).equals(needle);
        });
    assertThat(page.messages(tag).subList(0, 3))
        .containsExactly(needle, "after the spike " + tag, "old 0 " + tag + " " + filler);
    assertThat(page.bytes()).isLessThanOrEqualTo(page.budget());
    // the newest were let go to make room, and the list says so where they were
    page.press("G");
    page.until(
        WAIT, d -> page.messages().stream().anyMatch(m -> m.contains("not held by this tab")));

    // a time jump: the list shows history from that moment
    page.open("?mem=1&source=" + source);
    page.until(WAIT, d -> page.messages(tag).contains(newest));
    page.byId("when").sendKeys(Instant.ofEpochMilli(needleTs).toString());
    page.click("when-go");
    page.until(WAIT, d -> page.messages(tag).contains(needle));
    assertThat(page.text("when-note")).contains("the list shows from");
  }
}
