package io.livelog.bench;

import io.livelog.bench.Results.Row;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 5, stalled clients (issue 9): never-reading sockets (they read the response head, then
 * nothing; default socket buffers) while a feed of about 1 KB events flows to healthy subscribers.
 * Reports when all of them were counted in {@code dropped.subscriberOverflow} (the limit is {@code
 * livelog.subscriber.stallSeconds} + 5 s), how much the server's RSS grew, and the healthy p99. The
 * feed runs for the limit plus {@code -Dbench.stallExtraSeconds=} (10), then the scenario ends
 * whatever the server did.
 */
final class StalledClients {

  static final int DEFAULT_STALL_SECONDS = 30;

  private final Scenarios scenarios;
  private final Results results;
  private final int warmup;

  StalledClients(Scenarios scenarios, Results results, int warmup) {
    this.scenarios = scenarios;
    this.results = results;
    this.warmup = warmup;
  }

  /**
   * @param stallSeconds the server's {@code livelog.subscriber.stallSeconds} when the bench sets it
   *     (reported as such), or 0 to leave Livelog's default (30)
   */
  void run(int stalled, int healthy, int rate, int bytes, int stallSeconds) throws Exception {
    String s = Targets.STALLED;
    List<String> settings =
        stallSeconds > 0 ? List.of("livelog.subscriber.stallSeconds=" + stallSeconds) : List.of();
    int stall = stallSeconds > 0 ? stallSeconds : DEFAULT_STALL_SECONDS;
    int limit = stall + 5;
    try (BenchServer server = scenarios.server("stalled-clients", settings);
        LoadGen gen = new LoadGen(server.port, BenchServer.basic(), 4)) {
      scenarios.warmUp(server, gen);
      gen.clearFailures();
      gen.openSse(healthy);
      Bench.await(120, () -> gen.sseOpen.get() >= healthy);
      Scenarios.sleepWindow(warmup);
      long rss0 = server.rssKb();
      long heap0 = server.heapUsedKb(true);
      JsonObject before = server.stats();
      long overflow0 = overflow(before);
      Bench.progress(s + ": opening " + stalled + " never-reading sockets");
      gen.openStalled(stalled);
      Bench.await(
          180,
          () ->
              gen.stalledOpen.get() >= stalled
                  || gen.inflight.get() == 0 && gen.failureCount() > 0);
      Bench.await(30, () -> gen.inflight.get() == 0);
      int opened = gen.stalledOpen.get();
      long rssOpen = server.rssKb();
      int feedSeconds = limit + Integer.getInteger("bench.stallExtraSeconds", 10);
      Bench.progress(
          s
              + ": "
              + opened
              + " stalled, "
              + healthy
              + " healthy, "
              + rate
              + " ev/s for "
              + feedSeconds
              + " s");
      long cut0 = gen.cut.sum();
      AtomicLong countedAt = new AtomicLong(-1);
      AtomicLong counted = new AtomicLong();
      AtomicLong rssMax = new AtomicLong(rssOpen);
      KernelTcpMemory kernel = new KernelTcpMemory();
      long t0 = System.nanoTime();
      Feed feed = Feed.start(server, rate, feedSeconds, bytes);
      ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
      watch.scheduleWithFixedDelay(
          () -> {
            rssMax.accumulateAndGet(server.rssKb(), Math::max);
            kernel.sample(System.nanoTime() - t0);
            JsonObject now = server.tryStats();
            if (now != null) {
              counted.set(overflow(now) - overflow0);
              if (countedAt.get() < 0 && opened > 0 && counted.get() >= opened) {
                countedAt.set(System.nanoTime() - t0);
              }
            }
          },
          0,
          500,
          TimeUnit.MILLISECONDS);
      Window w;
      try {
        w = Window.measure(server, gen, null, feedSeconds);
        feed.await();
      } finally {
        watch.shutdownNow();
        watch.awaitTermination(15, TimeUnit.SECONDS);
      }
      JsonObject after = server.tryStats();
      if (after != null) {
        counted.set(overflow(after) - overflow0);
      }
      long peak = Math.max(rssMax.get(), w.rssKbMax);
      Row row =
          new Row(
                  s,
                  opened
                      + " stalled + "
                      + healthy
                      + " healthy x "
                      + rate
                      + " ev/s of "
                      + bytes
                      + " B")
              .set("stream", Targets.LIVELOG)
              .set("subscribers", healthy)
              .set("stalled", opened)
              .set("target_eps", (double) rate)
              .set("published_eps", feed.firedPerSecond())
              .set("deliveries_per_s", w.deliveries)
              .latency(w.latency)
              .machine(w)
              .set("server_rss_mb", Bench.mb(peak))
              .set("cut", gen.cut.sum() - cut0)
              .set("counted", counted.get())
              .set("counted_after_s", countedAt.get() < 0 ? "" : countedAt.get() / 1e9)
              .set("limit_s", limit)
              .set("rss_growth_mb", Bench.mb(peak - rss0))
              .set(
                  "notes",
                  String.format(
                      Locale.ROOT,
                      "stallSeconds %d (%s); RSS %.0f MB before the stalled sockets, %.0f MB once"
                          + " they were open, %.0f MB at the peak; healthy subscribers still open"
                          + " %d (cut counts the healthy only; counted is every subscriberOverflow);"
                          + " Livelog subscribers at the end %s; %s; %s; failures %s",
                      stall,
                      stallSeconds > 0
                          ? "set by the bench, -Dbench.stallSeconds"
                          : "Livelog's default",
                      Bench.mb(rss0),
                      Bench.mb(rssOpen),
                      Bench.mb(peak),
                      gen.sseOpen.get(),
                      after == null ? "?" : after.get("subscribers"),
                      feed.pace(),
                      kernel.describe(),
                      gen.failures()));
      if (after != null) {
        row.set("drops", Bench.dropDelta(before, after));
      }
      gen.closeStalled();
      gen.closeSse();
      Bench.await(30, () -> gen.sseOpen.get() == 0 && gen.stalledOpen.get() == 0);
      // what they were sent is released, not kept: the heap after GC once they are gone
      Bench.await(30, () -> server.stats().getInt("subscribers") == 0);
      row.set("heap_growth_mb", Bench.mb(server.heapUsedKb(true) - heap0));
      results.add(row);
    }
  }

  private static long overflow(JsonObject stats) {
    return Bench.drops(stats).getOrDefault("subscriberOverflow", 0L);
  }
}
