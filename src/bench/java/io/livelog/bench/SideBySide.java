package io.livelog.bench;

import io.livelog.bench.Results.Row;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * Scenario 2, fan-out, side by side (issue 9): at every point of subscribers × events/s, one window
 * with the subscribers on Livelog's {@code /api/stream}, then one with as many on the {@code
 * SseBroadcaster} baseline's {@code /api/baseline/stream}, on the same server, fed by the same
 * in-server {@link Feed}; then a row with the ratios. Only one kind of stream is open at a time.
 */
final class SideBySide {

  static final String LIVELOG_PATH = "api/stream";
  static final String BASELINE_PATH = "api/baseline/stream";

  private final Scenarios scenarios;
  private final Results results;
  private final int seconds;
  private final int warmup;
  private final int bytes = Integer.getInteger("bench.eventBytes", 200);

  SideBySide(Scenarios scenarios, Results results, int seconds, int warmup) {
    this.scenarios = scenarios;
    this.results = results;
    this.seconds = seconds;
    this.warmup = warmup;
  }

  void run(List<Integer> subscribers, List<Integer> rates, List<String> settings) throws Exception {
    try (BenchServer server = scenarios.server("fan-out", settings);
        LoadGen gen = new LoadGen(server.port, BenchServer.basic(), 4)) {
      scenarios.warmUp(server, gen);
      warmBoth(server, gen);
      int point = 0;
      for (int subs : subscribers) {
        for (int rate : rates) {
          // alternate which side goes first, so that neither always follows the warm-up
          Row ours;
          Row theirs;
          if (point++ % 2 == 0) {
            ours = measure(server, gen, Targets.LIVELOG, LIVELOG_PATH, subs, rate);
            theirs = measure(server, gen, Targets.BASELINE, BASELINE_PATH, subs, rate);
          } else {
            theirs = measure(server, gen, Targets.BASELINE, BASELINE_PATH, subs, rate);
            ours = measure(server, gen, Targets.LIVELOG, LIVELOG_PATH, subs, rate);
          }
          results.add(ratio(subs, rate, ours, theirs));
        }
      }
    }
  }

  /** Warms the feed and the baseline's path too, so neither side is measured cold. */
  private void warmBoth(BenchServer server, LoadGen gen) throws Exception {
    int secs = Math.max(2, Integer.getInteger("bench.serverWarmup", Math.max(2, warmup * 5)) / 2);
    Bench.progress("2 fan-out: warming the feed and both streams for " + secs + " s");
    gen.openSse(20, LIVELOG_PATH);
    Bench.await(60, () -> gen.sseOpen.get() >= 20);
    gen.openSse(20, BASELINE_PATH); // after the first: streams still to open take the newest path
    Bench.await(60, () -> gen.sseOpen.get() >= 40);
    Feed.start(server, 1000, secs, bytes).await();
    Bench.drain(gen, 10);
    close(server, gen);
  }

  private Row measure(
      BenchServer server, LoadGen gen, String stream, String path, int subs, int rate)
      throws Exception {
    String s = Targets.FAN_OUT;
    String name = subs + " subs x " + rate + " ev/s, " + stream;
    Bench.progress(s + ": opening " + subs + " subscribers of " + path);
    gen.clearFailures();
    gen.openSse(subs, path);
    Bench.await(
        180, () -> gen.sseOpen.get() >= subs || gen.inflight.get() == 0 && gen.failureCount() > 0);
    Bench.await(30, () -> gen.inflight.get() == 0);
    int present = gen.sseOpen.get();
    Bench.progress(s + ": " + name + " (" + present + " open)");
    JsonObject before = server.tryStats();
    long cutBefore = gen.cut.sum();
    Feed feed = Feed.start(server, rate, warmup + seconds + 1, bytes);
    Scenarios.sleepWindow(warmup);
    Window w = Window.measure(server, gen, null, seconds);
    feed.await();
    Bench.drain(gen, 20);
    JsonObject after = server.tryStats();
    Row row =
        new Row(s, name)
            .set("stream", stream)
            .set("subscribers", present)
            .set("target_eps", (double) rate)
            .set("published_eps", feed.firedPerSecond())
            .set("deliveries_per_s", w.deliveries)
            .perDelivery(w, w.deliveries)
            .latency(w.latency)
            .machine(w)
            .set("bytes_in_per_s", w.sseBytesIn)
            .set("cut", gen.cut.sum() - cutBefore);
    String server0 = "the server did not answer /api/stats within 10 s";
    if (before != null && after != null) {
      row.set("drops", Bench.dropDelta(before, after));
      server0 =
          "Livelog eventsOut "
              + (after.getJsonNumber("eventsOut").longValue()
                  - before.getJsonNumber("eventsOut").longValue());
    }
    row.set(
        "notes",
        String.format(
            Locale.ROOT,
            "ideal %.0f/s; %.0f%% of ideal; %s; %s; failures %s",
            (double) rate * present,
            100.0 * w.deliveries / Math.max(1.0, (double) rate * present),
            feed.pace(),
            server0,
            gen.failures()));
    results.add(row);
    close(server, gen);
    return row;
  }

  /**
   * Closes every stream, then waits (bounded) until Livelog counts no subscriber. A server notices
   * a closed client on its next write to it (Livelog's heartbeat comes only every 15 s, the
   * broadcaster has none): a second of a slow feed makes both sides write, and drop them, at once.
   */
  private void close(BenchServer server, LoadGen gen) {
    gen.closeSse();
    Bench.await(30, () -> gen.sseOpen.get() == 0);
    Feed.start(server, 20, 1, bytes).await();
    Bench.await(
        30,
        () -> {
          JsonObject now = server.tryStats();
          return now != null && now.getInt("subscribers") == 0;
        });
  }

  private static Row ratio(int subs, int rate, Row ours, Row theirs) {
    double d = num(ours, "deliveries_per_s") / num(theirs, "deliveries_per_s");
    double p = num(ours, "p99_ms") / num(theirs, "p99_ms");
    double cpu = num(ours, "server_us_per_delivery") / num(theirs, "server_us_per_delivery");
    return new Row(Targets.FAN_OUT, subs + " subs x " + rate + " ev/s, Livelog / baseline")
        .set("stream", "ratio")
        .set("subscribers", subs)
        .set("target_eps", (double) rate)
        .set(
            "notes",
            String.format(
                Locale.ROOT,
                "Livelog / baseline: deliveries/s %.2fx (%s vs %s, higher is better); p99 %.2fx"
                    + " (%s vs %s ms, lower is better); server CPU per delivery %.2fx (%s vs %s"
                    + " µs, lower is better); machine quiet: %s/%s",
                d,
                ours.get("deliveries_per_s"),
                theirs.get("deliveries_per_s"),
                p,
                ours.get("p99_ms"),
                theirs.get("p99_ms"),
                cpu,
                ours.get("server_us_per_delivery"),
                theirs.get("server_us_per_delivery"),
                ours.get("quiet"),
                theirs.get("quiet")));
  }

  private static double num(Row r, String column) {
    try {
      return Double.parseDouble(r.get(column));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
