package io.livelog.bench;

import io.livelog.bench.Results.Row;
import jakarta.json.JsonObject;
import java.util.List;

/** The four scenarios of issue 6, each against a Payara Micro it starts and stops itself. */
final class Scenarios {

  private final Results results;
  private final int seconds;
  private final int warmup;

  Scenarios(Results results, int seconds, int warmup) {
    this.results = results;
    this.seconds = seconds;
    this.warmup = warmup;
  }

  // ---- 1. polling versus SSE

  /** {@code clients} pollers at 1/s, then as many SSE subscribers; idle, then at {@code rate}. */
  Row[] pollingVsSse(int clients, double rate) throws Exception {
    String s = "1 polling vs SSE";
    try (BenchServer server =
            BenchServer.start(Bench.out(), "polling-vs-sse", List.of(), List.of());
        LoadGen gen = new LoadGen(server.port, BenchServer.basic(), 4)) {
      warmUp(server, gen);
      Bench.progress(s + ": baseline, no clients");
      sleepWindow(warmup);
      Window base = Window.measure(server, gen, null, seconds);
      results.add(
          new Row(s, "no clients, idle")
              .set("server_cpu_pct", base.serverCpu)
              .set("loadgen_cpu_pct", base.loadCpu)
              .set("server_rss_mb", Bench.mb(base.rssKbMax)));

      long newest = newestId(server);
      Bench.progress(s + ": " + clients + " pollers");
      gen.startPolling(clients, 1000, newest);
      Bench.await(120, () -> gen.pollOpen.get() >= clients);
      sleepWindow(warmup + 1);
      Window pollIdle = Window.measure(server, gen, null, seconds);
      Row pollIdleRow = pollRow(s, clients + " polling 1/s, idle", clients, 0, pollIdle, null);
      results.add(pollIdleRow);
      Window pollBusy = withPublisher(server, gen, rate);
      Row pollBusyRow =
          pollRow(
              s, clients + " polling 1/s, " + (int) rate + " ev/s", clients, rate, pollBusy, null);
      results.add(pollBusyRow);
      gen.stopPolling();
      Bench.await(30, () -> gen.pollOpen.get() == 0);

      Bench.progress(s + ": " + clients + " SSE subscribers");
      gen.openSse(clients);
      Bench.await(120, () -> gen.sseOpen.get() >= clients);
      sleepWindow(warmup + 1);
      Window sseIdle = Window.measure(server, gen, null, seconds);
      Row sseIdleRow = sseRow(s, clients + " SSE, idle", clients, 0, sseIdle);
      results.add(sseIdleRow);
      Window sseBusy = withPublisher(server, gen, rate);
      Row sseBusyRow = sseRow(s, clients + " SSE, " + (int) rate + " ev/s", clients, rate, sseBusy);
      results.add(sseBusyRow);
      gen.closeSse();
      Bench.await(30, () -> gen.sseOpen.get() == 0);

      Row ratio =
          new Row(s, "ratio polling / SSE")
              .set("subscribers", clients)
              .set("pollers", clients)
              .set(
                  "notes",
                  String.format(
                      java.util.Locale.ROOT,
                      "server CPU idle %.1fx (mean-based %.1fx), with %d ev/s %.1fx; bytes idle"
                          + " %.1fx, with events %.1fx; CPU above the no-client baseline: idle"
                          + " %.1fx, busy %.1fx",
                      ratio(pollIdle.serverCpu, sseIdle.serverCpu),
                      ratio(pollIdle.serverCpuMean, sseIdle.serverCpuMean),
                      (int) rate,
                      ratio(pollBusy.serverCpu, sseBusy.serverCpu),
                      ratio(
                          pollIdle.pollBytesIn + pollIdle.pollBytesOut,
                          sseIdle.sseBytesIn + sseIdle.sseBytesOut),
                      ratio(
                          pollBusy.pollBytesIn + pollBusy.pollBytesOut,
                          sseBusy.sseBytesIn + sseBusy.sseBytesOut),
                      ratio(
                          pollIdle.serverCpuMean - base.serverCpuMean,
                          sseIdle.serverCpuMean - base.serverCpuMean),
                      ratio(
                          pollBusy.serverCpuMean - base.serverCpuMean,
                          sseBusy.serverCpuMean - base.serverCpuMean)));
      results.add(ratio);
      return new Row[] {pollIdleRow, pollBusyRow, sseIdleRow, sseBusyRow, ratio};
    }
  }

  private static double ratio(double a, double b) {
    return b <= 0 ? Double.POSITIVE_INFINITY : a / b;
  }

  private Row pollRow(String s, String name, int pollers, double rate, Window w, Object unused) {
    return new Row(s, name)
        .set("pollers", pollers)
        .set("target_eps", rate)
        .set("published_eps", w.published)
        .set("deliveries_per_s", w.pollEvents)
        .latency(w.pollLatency)
        .set("server_cpu_pct", w.serverCpu)
        .set("loadgen_cpu_pct", w.loadCpu)
        .set("server_rss_mb", Bench.mb(w.rssKbMax))
        .set("bytes_in_per_s", w.pollBytesIn)
        .set("bytes_out_per_s", w.pollBytesOut)
        .set(
            "notes",
            String.format(
                java.util.Locale.ROOT, "%.0f polls/s; mean CPU %.1f%%", w.polls, w.serverCpuMean));
  }

  private Row sseRow(String s, String name, int subs, double rate, Window w) {
    return new Row(s, name)
        .set("subscribers", subs)
        .set("target_eps", rate)
        .set("published_eps", w.published)
        .set("deliveries_per_s", w.deliveries)
        .latency(w.latency)
        .set("server_cpu_pct", w.serverCpu)
        .set("loadgen_cpu_pct", w.loadCpu)
        .set("server_rss_mb", Bench.mb(w.rssKbMax))
        .set("bytes_in_per_s", w.sseBytesIn)
        .set("bytes_out_per_s", w.sseBytesOut)
        .set("notes", String.format(java.util.Locale.ROOT, "mean CPU %.1f%%", w.serverCpuMean));
  }

  /** Runs a publisher for warm-up plus one window at {@code rate}, then lets deliveries drain. */
  private Window withPublisher(BenchServer server, LoadGen gen, double rate) throws Exception {
    long millis = (warmup + seconds + 1) * 1000L;
    try (Publisher publisher = new Publisher(server.port, BenchServer.TOKEN, rate, millis)) {
      sleepWindow(warmup);
      Window w = Window.measure(server, gen, publisher, seconds);
      publisher.await();
      if (publisher.error() != null) {
        Bench.progress("publisher: " + publisher.error());
      }
      Bench.drain(gen, 20);
      return w;
    }
  }

  private static long newestId(BenchServer server) {
    JsonObject stats = server.stats();
    return stats.isNull("newestId") ? 0 : Long.parseLong(stats.getString("newestId"));
  }

  /** Waits a fixed time: a warm-up before a measurement window. */
  static void sleepWindow(int seconds) throws InterruptedException {
    Thread.sleep(seconds * 1000L);
  }

  /**
   * Warms the server's JIT on every path the scenarios use (polling, streaming, ingest) for {@code
   * -Dbench.serverWarmup=} seconds, then waits (bounded) for its CPU to settle.
   */
  void warmUp(BenchServer server, LoadGen gen) throws Exception {
    int secs = Integer.getInteger("bench.serverWarmup", Math.max(2, warmup * 5));
    Bench.progress("warming up the server for " + secs + " s");
    gen.startPolling(50, 200, 0);
    gen.openSse(50);
    try (Publisher p = new Publisher(server.port, BenchServer.TOKEN, 2000, secs * 1000L)) {
      p.await();
    }
    gen.stopPolling();
    gen.closeSse();
    Bench.drain(gen, 10);
    long[] last = {server.cpuMillis(), System.nanoTime()};
    Bench.await(
        30,
        () -> {
          long cpu = server.cpuMillis();
          long now = System.nanoTime();
          double pct = (cpu - last[0]) * 1e8 / Math.max(1, now - last[1]);
          boolean settled = now - last[1] > 1_000_000_000L && pct < 8;
          if (now - last[1] > 1_000_000_000L) {
            last[0] = cpu;
            last[1] = now;
          }
          return settled;
        });
    gen.latency.getIntervalHistogram();
    gen.pollLatency.getIntervalHistogram();
  }

  // ---- 2. fan-out

  /** Subscribers × publish rate; rows of deliveries/s, latency, CPU, memory and drops. */
  void fanOut(List<Integer> subscribers, List<Integer> rates, List<String> settings)
      throws Exception {
    String s = "2 fan-out";
    try (BenchServer server =
            BenchServer.start(Bench.out(), "fan-out", settings, jvmExtra("fan-out"));
        LoadGen gen = new LoadGen(server.port, BenchServer.basic(), 4)) {
      warmUp(server, gen);
      for (int subs : subscribers) {
        for (int rate : rates) {
          int missing = subs - gen.sseOpen.get();
          if (missing > 0) {
            Bench.progress(s + ": opening " + missing + " subscribers (to " + subs + ")");
            gen.openSse(missing);
            Bench.await(
                180,
                () ->
                    gen.sseOpen.get() >= subs || gen.inflight.get() == 0 && gen.failureCount() > 0);
            Bench.await(30, () -> gen.inflight.get() == 0);
          }
          int present = gen.sseOpen.get();
          Bench.progress(s + ": " + present + " subscribers x " + rate + " ev/s");
          JsonObject before = server.stats();
          long cutBefore = gen.cut.sum();
          Window w = withPublisher(server, gen, rate);
          JsonObject after = server.stats();
          results.add(
              new Row(s, subs + " subs x " + rate + " ev/s")
                  .set("subscribers", present)
                  .set("target_eps", (double) rate)
                  .set("published_eps", w.published)
                  .set("deliveries_per_s", w.deliveries)
                  .latency(w.latency)
                  .set("server_cpu_pct", w.serverCpu)
                  .set("loadgen_cpu_pct", w.loadCpu)
                  .set("server_rss_mb", Bench.mb(w.rssKbMax))
                  .set("bytes_in_per_s", w.sseBytesIn)
                  .set("drops", Bench.dropDelta(before, after))
                  .set("cut", gen.cut.sum() - cutBefore)
                  .set(
                      "notes",
                      String.format(
                          java.util.Locale.ROOT,
                          "ideal %.0f/s; %.0f%% of ideal; server eventsOut %d",
                          (double) rate * subs,
                          100.0 * w.deliveries / Math.max(1.0, (double) rate * subs),
                          after.getJsonNumber("eventsOut").longValue()
                              - before.getJsonNumber("eventsOut").longValue())));
        }
        if (subscribers.indexOf(subs) < subscribers.size() - 1
            && subscribers.get(subscribers.indexOf(subs) + 1) < subs) {
          gen.closeSse();
        }
      }
      gen.closeSse();
      Bench.await(30, () -> gen.sseOpen.get() == 0);
    }
  }

  /** Extra JVM options for the server: {@code -Dbench.jfr=true} records a JFR profile. */
  static List<String> jvmExtra(String name) {
    if (!Boolean.getBoolean("bench.jfr")) {
      return List.of();
    }
    return List.of(
        "-XX:StartFlightRecording=settings=profile,filename="
            + Bench.out().resolve(name + ".jfr").toAbsolutePath());
  }
}
