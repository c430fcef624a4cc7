package io.livelog.bench;

import io.livelog.bench.Results.Row;
import io.livelog.testsupport.Api;
import io.livelog.testsupport.Browser;
import java.net.URL;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser row of scenario 7: headless Chromium signed in on the dashboard while single-event
 * POSTs arrive at 100/s; for each event, POST sent (the producer's clock, put into the message) to
 * its text in the page's DOM (a MutationObserver in the page, the same machine's clock).
 */
final class BrowserRow implements AutoCloseable {

  /** Records, per marker, when its text first appeared in the document. */
  private static final String OBSERVER =
      """
      window.__rp = new Map();
      const scan = (text) => {
        for (const m of text.matchAll(/rp-(\\d+)-(\\d+)-end/g)) {
          if (!window.__rp.has(m[1])) window.__rp.set(m[1], Date.now() - Number(m[2]));
        }
      };
      new MutationObserver((records) => {
        for (const r of records) {
          if (r.type === 'characterData') scan(r.target.data || '');
          for (const n of r.addedNodes) scan(n.textContent || '');
        }
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
      """;

  private final ChromeDriver driver;
  private final String base;
  private final AtomicLong markers = new AtomicLong();

  private BrowserRow(ChromeDriver driver, String base) {
    this.driver = driver;
    this.base = base;
  }

  /** Chromium on the dashboard of the server on this port. */
  static BrowserRow open(int port) throws Exception {
    String base = "http://127.0.0.1:" + port + "/livelog/";
    ChromeDriver driver =
        Browser.start(
            Files.createTempDirectory("livelog-bench-chromium"),
            1400,
            900,
            "--disable-background-timer-throttling",
            "--disable-renderer-backgrounding");
    Browser.signIn(driver, new Api(new URL(base)), "admin", BenchServer.PASSWORD);
    return new BrowserRow(driver, base);
  }

  /** Posts {@code seconds} × 100 single events and reports POST → DOM for each. */
  void measure(Results results, PacedRequests load, String who, String when, int seconds)
      throws InterruptedException {
    driver.navigate().refresh();
    new WebDriverWait(driver, Duration.ofSeconds(60))
        .until(
            org.openqa.selenium.support.ui.ExpectedConditions.attributeToBe(
                org.openqa.selenium.By.id("status"), "data-state", "connected"));
    ((JavascriptExecutor) driver).executeScript(OBSERVER);
    long first = markers.get() + 1;
    int count = 100 * seconds;
    PacedRequests.Outcome o =
        load.run(
            100,
            seconds,
            64,
            () ->
                PacedRequests.request(
                    "POST",
                    "/livelog/api/logs",
                    "{\"message\":\"browser row rp-"
                        + markers.incrementAndGet()
                        + "-"
                        + System.currentTimeMillis()
                        + "-end\"}",
                    "Authorization",
                    "Bearer " + BenchServer.TOKEN,
                    "Content-Type",
                    "application/json"));
    Bench.await(
        30,
        () ->
            ((Number)
                        ((JavascriptExecutor) driver)
                            .executeScript(
                                "return [...window.__rp.keys()].filter(k => Number(k) >= "
                                    + first
                                    + ").length"))
                    .longValue()
                >= o.answered());
    @SuppressWarnings("unchecked")
    List<Number> seen =
        (List<Number>)
            ((JavascriptExecutor) driver)
                .executeScript(
                    "return [...window.__rp.entries()].filter(e => Number(e[0]) >= "
                        + first
                        + ").map(e => e[1])");
    Histogram h = new Histogram(3);
    seen.forEach(ms -> h.recordValue(Math.max(1, ms.longValue() * 1000)));
    results.add(
        new Row(RequestPath.SCENARIO, who + ": browser, POST sent → row in the DOM, " + when)
            .set("server", who)
            .set("requests_per_s", 100)
            .latency(h)
            .set(
                "notes",
                "posted "
                    + count
                    + ", answered "
                    + o.answered()
                    + " "
                    + o.codes()
                    + ", shown "
                    + h.getTotalCount()));
  }

  @Override
  public void close() {
    driver.quit();
  }
}
