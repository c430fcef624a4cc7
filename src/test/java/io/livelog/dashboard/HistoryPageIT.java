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
import org.openqa.selenium.By;
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

  private void press(CharSequence... keys) {
    browser.js("if (document.activeElement) document.activeElement.blur()");
    browser.driver.findElement(By.tagName("body")).sendKeys(keys);
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

    browser = Browser.start("http://127.0.0.1:" + node.httpPort + api.base().getPath(), 1400, 900);
    browser.login();
    browser.open("?mem=1&source=" + source);
    String newest = "old " + (EVENTS - 1) + " " + tag + " " + filler;
    browser.until(WAIT, d -> browser.messages(tag).contains(newest));
    assertThat(browser.number("return window.livelog.held()")).isLessThan(EVENTS);

    // search older history: not held by the page, found on the server with visible progress
    WebElement search = browser.byId("search");
    search.sendKeys("needle " + tag);
    browser.until(WAIT, d -> browser.byId("matches").getText().equals("0 matches"));
    browser.byId("search-history").click();
    AtomicBoolean progressShown = new AtomicBoolean();
    browser.until(
        WAIT,
        d -> {
          String note = browser.byId("found-note").getText();
          if (note.contains("searched back to id")) {
            progressShown.set(true);
          }
          if (!foundMessages().isEmpty()) {
            return true;
          }
          WebElement more = browser.byId("found-continue");
          if (more.isDisplayed()) {
            more.click();
          }
          return false;
        });
    assertThat(progressShown).as("a search cut short said how far it got").isTrue();
    assertThat(foundMessages()).containsExactly(needle);
    assertThat(browser.byId("found-note").getText()).contains("1 found in older history");

    // choosing it shows the history around it in the list
    browser.driver.findElement(By.cssSelector("#found-list .found-row")).click();
    browser.until(WAIT, d -> browser.messages(tag).contains(needle));
    assertThat(browser.byId("found-note").getText()).isNotEmpty();
    browser.byId("found-close").click();

    // scrolling up past memory pages back seamlessly, within the page's budget, to the oldest
    browser.open("?mem=1&source=" + source);
    browser.until(WAIT, d -> browser.messages(tag).contains(newest));
    browser.until(
        WAIT,
        d -> {
          press("g");
          List<String> shown = browser.messages(tag);
          return !shown.isEmpty() && shown.get(0).equals(needle);
        });
    assertThat(browser.messages(tag).subList(0, 3))
        .containsExactly(needle, "after the spike " + tag, "old 0 " + tag + " " + filler);
    assertThat(browser.number("return window.livelog.bytes()"))
        .isLessThanOrEqualTo(browser.number("return window.livelog.budget()"));
    // the newest were let go to make room, and the list says so where they were
    press("G");
    browser.until(
        WAIT, d -> browser.messages().stream().anyMatch(m -> m.contains("not held by this tab")));

    // a time jump: the list shows history from that moment
    browser.open("?mem=1&source=" + source);
    browser.until(WAIT, d -> browser.messages(tag).contains(newest));
    WebElement when = browser.byId("when");
    when.sendKeys(Instant.ofEpochMilli(needleTs).toString());
    browser.byId("when-go").click();
    browser.until(WAIT, d -> browser.messages(tag).contains(needle));
    assertThat(browser.byId("when-note").getText()).contains("the list shows from");
  }

  private List<String> foundMessages() {
    return browser.driver.findElements(By.cssSelector("#found-list .found-row .message")).stream()
        .map(WebElement::getText)
        .toList();
  }
}
