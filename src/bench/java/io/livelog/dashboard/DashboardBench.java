package io.livelog.dashboard;

import io.livelog.testsupport.Api;
import io.livelog.testsupport.Deployments;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard's browser benchmark (not a timed unit test): headless Chromium on the page, fed
 * through the real server ({@code POST /api/logs} → history → stream → EventSource). Runs only with
 * {@code ./mvnw -Pbench verify -Dit.test=DashboardBench}; writes {@code dashboard.md} to {@code
 * livelog.bench.out} (default target/bench).
 *
 * <ul>
 *   <li>1,000 events/s: append-to-paint (SSE message received → first task after the frame that
 *       shows it, measured in the page) p50/p99, and end-to-end (now − ts) p50/p99.
 *   <li>5,000 events/s for 60 s: the longest long task, peak JS heap (CDP {@code
 *       Performance.getMetrics}), and how long a scroll and a filter take to show while it runs.
 *   <li>The first minute after boot (cold): append-to-paint at 1,000 events/s, reported apart.
 *   <li>20,000 events of 20 KB at 1,000/s: peak JS heap (the byte budget holds it) and the longest
 *       long task.
 *   <li>Ten tabs against one: the server's CPU time per second of load (read from {@code
 *       /proc/PID/stat} of the process listening on the server's port), since the tabs share one
 *       stream.
 * </ul>
 *
 * Each phase runs {@code livelog.bench.runs} times (3) on a freshly loaded page; the table shows
 * every run and the median. Every load loop is bounded in count and in time.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DashboardBench {

  private static final int RUNS = Integer.getInteger("livelog.bench.runs", 3);
  private static final int SLOW_SECONDS = Integer.getInteger("livelog.bench.slowSeconds", 20);
  private static final int FAST_SECONDS = Integer.getInteger("livelog.bench.fastSeconds", 60);
  private static final int COLD_SECONDS = Integer.getInteger("livelog.bench.coldSeconds", 60);
  private static final int BIG_EVENTS = Integer.getInteger("livelog.bench.bigEvents", 20_000);
  private static final int TAB_SECONDS = Integer.getInteger("livelog.bench.tabSeconds", 20);

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.livelog("livelog.history.size=20000", "livelog.ingest.maxBytes=4194304");
  }

  @ArquillianResource URL url;

  @Test
  void bench() throws IOException {
    loadBefore = loadAverage();
    Api api = new Api(url);
    List<double[]> slow = new ArrayList<>();
    List<double[]> fast = new ArrayList<>();
    List<double[]> cold = new ArrayList<>();
    List<double[]> big = new ArrayList<>();
    List<double[]> tabs = new ArrayList<>();
    try (Browser browser =
        Browser.start(api.base().toString(), DashboardPage.WIDTH, DashboardPage.HEIGHT)) {
      DashboardPage page = new DashboardPage(browser);
      page.login();
      browser.cdp("Performance.enable", Map.of());
      // the first minute after boot, before anything is warm
      cold.add(slowPhase(api, page, -1, COLD_SECONDS));
      for (int run = 0; run < RUNS; run++) {
        slow.add(slowPhase(api, page, run, SLOW_SECONDS));
        fast.add(fastPhase(api, page, run));
        big.add(bigPhase(api, page, run));
        tabs.add(tabsPhase(api, page, run));
      }
    }
    write(slow, fast, cold, big, tabs);
  }

  private static String loadBefore = "";

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** 1,000 events/s: append-to-paint and end-to-end latency percentiles. */
  private double[] slowPhase(Api api, DashboardPage page, int run, int seconds) {
    page.open("");
    page.resetPaint();
    Load load = feed(api, 1000, seconds, "slow" + run);
    awaitDrained(page, load);
    double[] paint = doubles(page.paintLatencies());
    double[] e2e = doubles(page.e2eLatencies());
    double[] result = {
      percentile(paint, 50),
      percentile(paint, 99),
      percentile(e2e, 50),
      percentile(e2e, 99),
      load.rate(),
      paint.length
    };
    System.out.printf(Locale.ROOT, "1,000/s run %d: %s%n", run + 1, Arrays.toString(result));
    return result;
  }

  /** 20,000 events of 20 KB at 1,000/s: peak JS heap and the longest long task. */
  private double[] bigPhase(Api api, DashboardPage page, int run) {
    Browser browser = page.browser;
    page.open("");
    page.resetPaint();
    AtomicLong peakHeap = new AtomicLong();
    Load load =
        feed(
            api,
            1000,
            Math.max(1, BIG_EVENTS / 1000),
            "big" + run,
            20_000,
            elapsed -> peakHeap.accumulateAndGet(heap(browser), Math::max));
    page.until(Duration.ofSeconds(60), d -> page.holds(load.lastMessage));
    peakHeap.accumulateAndGet(heap(browser), Math::max);
    double[] longTasks = doubles(page.longTasks());
    double[] result = {
      peakHeap.get() / 1048576.0,
      Arrays.stream(longTasks).max().orElse(0),
      page.held(),
      page.bytes() / 1048576.0,
      load.rate()
    };
    System.out.printf(Locale.ROOT, "20 KB events run %d: %s%n", run + 1, Arrays.toString(result));
    return result;
  }

  /**
   * The server's CPU ms per second of a 1,000/s load seen by one tab, then by ten tabs of the same
   * browser (which share one stream), and how many streams the server counted with ten.
   */
  private double[] tabsPhase(Api api, DashboardPage page, int run) {
    long pid = ServerProcess.listening(api.base().getPort());
    page.open("");
    double one = serverCpu(api, pid, "tab1-" + run);
    for (int i = 1; i < 10; i++) {
      page.newTab("");
    }
    double ten = serverCpu(api, pid, "tab10-" + run);
    double streams = api.stats().getInt("subscribers");
    page.closeOtherTabs();
    double[] result = {one, ten, streams};
    System.out.printf(Locale.ROOT, "tabs run %d: %s%n", run + 1, Arrays.toString(result));
    return result;
  }

  private double serverCpu(Api api, long pid, String tag) {
    double before = ServerProcess.cpuMillis(pid);
    Load load = feed(api, 1000, TAB_SECONDS, tag);
    double after = ServerProcess.cpuMillis(pid);
    return (after - before) / load.seconds();
  }

  /** 5,000 events/s for 60 s: long tasks, heap, and the page's response to scroll and filter. */
  private double[] fastPhase(Api api, DashboardPage page, int run) {
    Browser browser = page.browser;
    page.open("");
    page.resetPaint();
    double[] busyBefore = busy(browser);
    String tag = "fast" + run;
    AtomicLong peakHeap = new AtomicLong();
    double[] interaction = new double[2];
    Load load =
        feed(
            api,
            5000,
            FAST_SECONDS,
            tag,
            elapsed -> {
              peakHeap.accumulateAndGet(heap(browser), Math::max);
              if (elapsed >= FAST_SECONDS / 2 && interaction[0] == 0) {
                interaction[0] = scroll(browser);
                interaction[1] = filter(page, tag);
              }
            });
    awaitDrained(page, load);
    double[] busyAfter = busy(browser);
    peakHeap.accumulateAndGet(heap(browser), Math::max);
    double[] longTasks = doubles(page.longTasks());
    double longest = Arrays.stream(longTasks).max().orElse(0);
    double[] result = {
      longest,
      longTasks.length,
      peakHeap.get() / 1048576.0,
      interaction[0],
      interaction[1],
      load.rate(),
      page.held(),
      page.domRows(),
      perSecond(busyBefore, busyAfter, 0, load),
      perSecond(busyBefore, busyAfter, 1, load),
      perSecond(busyBefore, busyAfter, 2, load) + perSecond(busyBefore, busyAfter, 3, load)
    };
    System.out.printf(Locale.ROOT, "5,000/s run %d: %s%n", run + 1, Arrays.toString(result));
    return result;
  }

  /** The ms from setting scrollTop to the second frame after it, with the rows in place. */
  private static double scroll(Browser browser) {
    Object ms =
        ((org.openqa.selenium.JavascriptExecutor) browser.driver)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "const v = document.getElementById('viewport');"
                    + "const t0 = performance.now();"
                    + "v.scrollTop = Math.floor(v.scrollHeight / 3);"
                    + "requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));");
    return ((Number) ms).doubleValue();
  }

  /**
   * The ms from typing a search (through the input event, so including the page's 150 ms debounce)
   * until the filtered rows are painted; then the search is cleared and the view follows again.
   */
  private static double filter(DashboardPage page, String tag) {
    Object ms =
        ((org.openqa.selenium.JavascriptExecutor) page.driver)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "const s = document.getElementById('search');"
                    + "const t0 = performance.now();"
                    + "s.value = ' 7777 ';"
                    + "s.dispatchEvent(new Event('input'));"
                    + "const check = () => {"
                    + "  if (window.livelog.filter().q === ' 7777 ' && window.livelog.shown() < 1000) {"
                    + "    requestAnimationFrame(() => done(performance.now() - t0));"
                    + "  } else if (performance.now() - t0 > 10000) { done(-1); }"
                    + "  else requestAnimationFrame(check);"
                    + "};"
                    + "requestAnimationFrame(check);");
    page.js(
        "const s = document.getElementById('search'); s.value = '';"
            + "s.dispatchEvent(new Event('input'));");
    page.until(Duration.ofSeconds(10), d -> page.filterQuery().isEmpty());
    page.click("jump");
    return ((Number) ms).doubleValue();
  }

  private static long heap(Browser browser) {
    return (long) metric(browser, "JSHeapUsedSize");
  }

  /** One of CDP's Performance.getMetrics values (durations in seconds, sizes in bytes). */
  private static double metric(Browser browser, String name) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> metrics =
        (List<Map<String, Object>>)
            browser.driver.executeCdpCommand("Performance.getMetrics", Map.of()).get("metrics");
    return metrics.stream()
        .filter(m -> name.equals(m.get("name")))
        .mapToDouble(m -> ((Number) m.get("value")).doubleValue())
        .findFirst()
        .orElse(0);
  }

  private static final String[] BUSY = {
    "TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration"
  };

  private static double[] busy(Browser browser) {
    double[] values = new double[BUSY.length];
    for (int i = 0; i < BUSY.length; i++) {
      values[i] = metric(browser, BUSY[i]);
    }
    return values;
  }

  /** Waits (bounded) until the page holds the last event fed. */
  private static void awaitDrained(DashboardPage page, Load load) {
    page.until(Duration.ofSeconds(60), d -> page.messages().contains(load.lastMessage));
  }

  /** Main-thread milliseconds per second of load for one CDP duration metric. */
  private static double perSecond(double[] before, double[] after, int i, Load load) {
    return (after[i] - before[i]) * 1000 / load.seconds();
  }

  private record Load(long sent, double seconds, String lastMessage) {
    double rate() {
      return sent / seconds;
    }
  }

  private Load feed(Api api, int perSecond, int seconds, String tag) {
    return feed(api, perSecond, seconds, tag, 0, elapsed -> {});
  }

  private Load feed(
      Api api, int perSecond, int seconds, String tag, java.util.function.IntConsumer everySecond) {
    return feed(api, perSecond, seconds, tag, 0, everySecond);
  }

  /**
   * Posts {@code perSecond} events a second for {@code seconds}, in batches every 50 ms, paced on
   * the clock; bounded by the count (rate × seconds) and by time (seconds + 30).
   */
  private Load feed(
      Api api,
      int perSecond,
      int seconds,
      String tag,
      int padding,
      java.util.function.IntConsumer everySecond) {
    int perBatch = perSecond / 20;
    String pad = padding > 0 ? " " + "x".repeat(padding) : "";
    long total = (long) perSecond * seconds;
    long start = System.nanoTime();
    long hardStop = start + Duration.ofSeconds(seconds + 30L).toNanos();
    long sent = 0;
    int lastSecond = -1;
    String[] levels = {"TRACE", "DEBUG", "INFO", "INFO", "INFO", "INFO", "WARN", "ERROR"};
    String lastMessage = null;
    while (sent < total && System.nanoTime() < hardStop) {
      long due = start + sent * 1_000_000_000L / perSecond;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      StringBuilder json = new StringBuilder(perBatch * (160 + padding)).append('[');
      for (int i = 0; i < perBatch && sent + i < total; i++) {
        long n = sent + i;
        lastMessage = tag + " " + n + " GET /api/orders/" + (n % 9973) + " answered in 12 ms";
        if (i > 0) {
          json.append(',');
        }
        json.append("{\"level\":\"")
            .append(levels[(int) (n % levels.length)])
            .append("\",\"source\":\"bench\",\"logger\":\"com.acme.bench.Load")
            .append(n % 7)
            .append("\",\"message\":\"")
            .append(lastMessage)
            .append(pad)
            .append("\"}");
      }
      json.append(']');
      HttpResponse<String> response = api.ingest(json.toString());
      if (response.statusCode() == 202) {
        sent += Math.min(perBatch, total - sent);
      } else if (response.statusCode() != 503) {
        throw new IllegalStateException(response.statusCode() + " " + response.body());
      }
      int second = (int) ((System.nanoTime() - start) / 1_000_000_000L);
      if (second != lastSecond) {
        lastSecond = second;
        everySecond.accept(second);
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    return new Load(sent, elapsed, lastMessage);
  }

  private static double[] doubles(Object list) {
    return ((List<?>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
  }

  static double percentile(double[] values, double p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double median(List<double[]> runs, int column) {
    return percentile(runs.stream().mapToDouble(r -> r[column]).toArray(), 50);
  }

  private static void write(
      List<double[]> slow,
      List<double[]> fast,
      List<double[]> cold,
      List<double[]> big,
      List<double[]> tabs)
      throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Dashboard browser benchmark\n\n")
        .append("Headless Chromium (")
        .append("Debian /usr/bin/chromium")
        .append(") on the dashboard, fed through the real server on Payara Micro ")
        .append("(POST /api/logs → history → SSE → EventSource), all on 127.0.0.1. ")
        .append(RUNS)
        .append(" runs of each phase on a freshly loaded page; the median of the runs is the")
        .append(" result. ")
        .append(Instant.now())
        .append(", ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores shared with the server and the load generator; /proc/loadavg before: ")
        .append(loadBefore)
        .append(", after: ")
        .append(loadAverage())
        .append(".\n\n");
    md.append("| metric | target | ");
    for (int i = 0; i < RUNS; i++) {
      md.append("run ").append(i + 1).append(" | ");
    }
    md.append("median | verdict |\n|---|---|");
    md.append("---|".repeat(RUNS)).append("---|---|\n");
    row(md, slow, 1, "1,000/s: append-to-paint p99, warm (ms)", "< 50", v -> v < 50, "%.1f");
    row(md, slow, 0, "1,000/s: append-to-paint p50 (ms)", "", null, "%.1f");
    row(md, slow, 3, "1,000/s: end-to-end now − ts p99 (ms)", "< 100", v -> v < 100, "%.0f");
    row(md, slow, 2, "1,000/s: end-to-end now − ts p50 (ms)", "", null, "%.0f");
    row(md, slow, 4, "1,000/s: rate achieved (events/s)", "", null, "%.0f");
    row(md, slow, 5, "1,000/s: SSE messages measured", "", null, "%.0f");
    row(
        md,
        fast,
        0,
        "5,000/s × " + FAST_SECONDS + " s: longest long task (ms)",
        "< 100",
        v -> v < 100,
        "%.0f");
    row(md, fast, 1, "5,000/s: long tasks (> 50 ms) seen", "", null, "%.0f");
    row(md, fast, 2, "5,000/s: peak JS heap (MB)", "< 200", v -> v < 200, "%.1f");
    row(
        md,
        fast,
        3,
        "5,000/s: scroll to painted rows (ms)",
        "responds",
        v -> v >= 0 && v < 200,
        "%.1f");
    row(
        md,
        fast,
        4,
        "5,000/s: search typed to filtered rows painted, incl. 150 ms debounce (ms)",
        "responds",
        v -> v >= 0 && v < 1000,
        "%.0f");
    row(md, fast, 5, "5,000/s: rate achieved (events/s)", "", null, "%.0f");
    row(
        md,
        fast,
        6,
        "5,000/s: events held by the page at the end",
        "≤ 100,000",
        v -> v <= 100_000,
        "%.0f");
    row(md, fast, 7, "5,000/s: rows in the DOM at the end", "small", v -> v < 100, "%.0f");
    row(md, fast, 8, "5,000/s: main thread busy, all tasks (ms per s)", "", null, "%.0f");
    row(md, fast, 9, "5,000/s: of which script (ms per s)", "", null, "%.0f");
    row(md, fast, 10, "5,000/s: of which style and layout (ms per s)", "", null, "%.0f");
    md.append("\n| first minute after boot (one run) | target | value |\n|---|---|---|\n");
    single(
        md,
        cold,
        1,
        "1,000/s × " + COLD_SECONDS + " s from boot: append-to-paint p99 (ms)",
        "report");
    single(md, cold, 0, "1,000/s from boot: append-to-paint p50 (ms)", "report");
    single(md, cold, 3, "1,000/s from boot: end-to-end now − ts p99 (ms)", "report");
    md.append("\n| metric | target | ");
    for (int i = 0; i < RUNS; i++) {
      md.append("run ").append(i + 1).append(" | ");
    }
    md.append("median | verdict |\n|---|---|");
    md.append("---|".repeat(RUNS)).append("---|---|\n");
    row(
        md,
        big,
        0,
        String.format(Locale.ROOT, "%,d events of 20 KB at 1,000/s: peak JS heap (MB)", BIG_EVENTS),
        "< 150",
        v -> v < 150,
        "%.1f");
    row(md, big, 1, "20 KB events: longest long task (ms)", "< 100", v -> v < 100, "%.0f");
    row(md, big, 2, "20 KB events: events held at the end", "", null, "%.0f");
    row(
        md,
        big,
        3,
        "20 KB events: bytes held by the store (MB, budget 64)",
        "≤ 64",
        v -> v <= 64,
        "%.1f");
    row(md, tabs, 0, "1,000/s, one tab: server CPU (ms per s)", "", null, "%.0f");
    row(md, tabs, 1, "1,000/s, ten tabs: server CPU (ms per s)", "≈ one tab", null, "%.0f");
    row(md, tabs, 2, "ten tabs: streams the server counts", "≤ 2", v -> v <= 2, "%.0f");
    md.append(
        "\nAppend-to-paint: from the `logs` message event to the first task after the frame that"
            + " shows it (a MessageChannel task queued in the frame's requestAnimationFrame)."
            + " End-to-end: the page's clock minus the event's `ts` for the newest event of each"
            + " batch. Heap: CDP `Performance.getMetrics` JSHeapUsedSize, sampled every second.\n\n"
            + " Server CPU: utime + stime of the process listening on the server's port"
            + " (/proc/PID/stat) over the load, per second.\n\n"
            + "Run: `./mvnw -Pbench verify -Dit.test=DashboardBench` (options:"
            + " `-Dlivelog.bench.runs=3 -Dlivelog.bench.fastSeconds=60 -Dlivelog.bench.slowSeconds=20"
            + " -Dlivelog.bench.coldSeconds=60 -Dlivelog.bench.bigEvents=20000"
            + " -Dlivelog.bench.tabSeconds=20`).\n");
    Path out = Path.of(System.getProperty("livelog.bench.out", "target/bench"));
    Files.createDirectories(out);
    Files.writeString(out.resolve("dashboard.md"), md.toString(), StandardCharsets.UTF_8);
    System.out.println(md);
  }

  private static void single(
      StringBuilder md, List<double[]> runs, int column, String name, String target) {
    md.append("| ")
        .append(name)
        .append(" | ")
        .append(target)
        .append(" | ")
        .append(String.format(Locale.ROOT, "%.1f", runs.get(0)[column]))
        .append(" |\n");
  }

  private static void row(
      StringBuilder md,
      List<double[]> runs,
      int column,
      String name,
      String target,
      java.util.function.DoublePredicate pass,
      String format) {
    md.append("| ").append(name).append(" | ").append(target).append(" | ");
    for (double[] run : runs) {
      md.append(String.format(Locale.ROOT, format, run[column])).append(" | ");
    }
    double median = median(runs, column);
    md.append("**").append(String.format(Locale.ROOT, format, median)).append("** | ");
    md.append(pass == null ? "" : pass.test(median) ? "pass" : "FAIL").append(" |\n");
  }
}
