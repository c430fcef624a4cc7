package io.livelog.bench;

import io.livelog.bench.Results.Row;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * The scenarios of issues 6 and 9, each against a Payara Micro it starts and stops itself (or the
 * one {@link #shared} server of the smoke run).
 */
final class Scenarios {

  private final Results results;

  /** A server the scenarios share instead of starting their own (the smoke run), or null. */
  BenchServer shared;

  private boolean warmed;
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
    try (BenchServer server = server("polling-vs-sse", List.of());
        LoadGen gen = new LoadGen(server.port, BenchServer.basic(), 4)) {
      warmUp(server, gen);
      Bench.progress(s + ": baseline, no clients");
      sleepWindow(warmup);
      Window base = Window.measure(server, gen, null, seconds);
      results.add(new Row(s, "no clients, idle").machine(base));

      long newest = newestId(server);
      Bench.progress(s + ": " + clients + " pollers");
      gen.startPolling(clients, 1000, newest);
      Bench.await(120, () -> gen.pollOpen.get() >= clients);
      sleepWindow(warmup + 1);
      int pollers = gen.pollOpen.get();
      Window pollIdle = Window.measure(server, gen, null, seconds);
      Row pollIdleRow = pollRow(s, clients + " polling 1/s, idle", pollers, 0, pollIdle);
      results.add(pollIdleRow);
      Window pollBusy = withPublisher(server, gen, rate);
      Row pollBusyRow =
          pollRow(s, clients + " polling 1/s, " + (int) rate + " ev/s", clients, rate, pollBusy);
      results.add(pollBusyRow);
      gen.stopPolling();
      Bench.await(30, () -> gen.pollOpen.get() == 0);

      Bench.progress(s + ": " + clients + " SSE subscribers");
      gen.openSse(clients);
      Bench.await(120, () -> gen.sseOpen.get() >= clients);
      sleepWindow(warmup + 1);
      int subs = gen.sseOpen.get();
      Window sseIdle = Window.measure(server, gen, null, seconds);
      Row sseIdleRow = sseRow(s, clients + " SSE, idle", subs, 0, sseIdle);
      results.add(sseIdleRow);
      Window sseBusy = withPublisher(server, gen, rate);
      Row sseBusyRow =
          sseRow(s, clients + " SSE, " + (int) rate + " ev/s", gen.sseOpen.get(), rate, sseBusy);
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

  private Row pollRow(String s, String name, int pollers, double rate, Window w) {
    return new Row(s, name)
        .set("pollers", pollers)
        .set("target_eps", rate)
        .set("published_eps", w.published)
        .set("deliveries_per_s", w.pollEvents)
        .perDelivery(w, w.pollEvents)
        .latency(w.pollLatency)
        .machine(w)
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
        .perDelivery(w, w.deliveries)
        .latency(w.latency)
        .machine(w)
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
    if (shared != null && warmed) {
      return;
    }
    warmed = true;
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

  // ---- 2. fan-out, Livelog and the SseBroadcaster baseline side by side

  /** Subscribers × events/s, each point measured on Livelog, then on the baseline (issue 9). */
  void fanOut(List<Integer> subscribers, List<Integer> rates, List<String> settings)
      throws Exception {
    new SideBySide(this, results, seconds, warmup).run(subscribers, rates, settings);
  }

  // ---- 5. stalled clients, 6. polling inside history (issue 9)

  /** See {@link StalledClients}; {@code stallSeconds} 0 leaves Livelog's default. */
  void stalledClients(int stalled, int healthy, int rate, int bytes, int stallSeconds)
      throws Exception {
    new StalledClients(this, results, warmup).run(stalled, healthy, rate, bytes, stallSeconds);
  }

  /** See {@link HistoryPolling}. */
  void historyPolling(int pollers, int historyEvents, int limit) throws Exception {
    new HistoryPolling(this, results, seconds, warmup).run(pollers, historyEvents, limit);
  }

  // ---- 3. connections

  /**
   * Ramps idle subscribers through {@code steps} (toward 50,000), measuring heap after GC, RSS,
   * threads and heartbeat CPU at each; stops where the machine or the server refuses more and says
   * why. Then {@code churn} connect/disconnect cycles (issue 3 at full size).
   */
  void connections(List<Integer> steps, int churn, int heartbeatSeconds) throws Exception {
    String s = "3 connections";
    List<String> settings = List.of("livelog.heartbeat.seconds=" + heartbeatSeconds);
    int sources = Integer.getInteger("bench.sourceAddresses", 8);
    try (BenchServer server = server("connections", settings);
        LoadGen gen = new LoadGen(server.port, BenchServer.basic(), sources)) {
      warmUp(server, gen);
      long heap0 = server.heapUsedKb(true);
      long rss0 = server.rssKb();
      long threads0 = Proc.threads(server.pid());
      Window idle = Window.measure(server, gen, null, seconds);
      String limits =
          "open-files limit: server "
              + Proc.fileLimit(server.pid())
              + ", load generator "
              + Proc.fileLimit(Proc.self());
      results.add(
          new Row(s, "0 subscribers (baseline)")
              .set("subscribers", 0)
              .set("server_cpu_pct", idle.serverCpu)
              .set("others_cpu_pct", idle.othersCpu)
              .set("server_rss_mb", Bench.mb(rss0))
              .set("heap_mb", Bench.mb(heap0))
              .set("notes", "threads " + threads0 + "; " + limits));
      String stop = null;
      for (int step : steps) {
        int missing = step - gen.sseOpen.get();
        Bench.progress(s + ": ramping to " + step + " idle subscribers");
        long t0 = System.nanoTime();
        gen.clearFailures();
        gen.openSse(missing);
        Bench.await(
            Math.max(60, step / 50),
            () -> gen.sseOpen.get() >= step || gen.inflight.get() == 0 && gen.failureCount() > 0);
        Bench.await(30, () -> gen.inflight.get() == 0);
        // a starved server answers late: retry streams that only timed out while it still answers
        for (int retry = 0;
            retry < 3
                && gen.sseOpen.get() < step
                && onlyTimeouts(gen.failures())
                && server.tryStats() != null;
            retry++) {
          Bench.progress(s + ": " + gen.failures() + "; retrying the missing streams");
          gen.openSse(step - gen.sseOpen.get());
          Bench.await(
              Math.max(60, step / 50), () -> gen.sseOpen.get() >= step || gen.inflight.get() == 0);
        }
        double rampSeconds = (System.nanoTime() - t0) / 1e9;
        int reached = gen.sseOpen.get();
        long heap = server.heapUsedKb(true);
        long rss = server.rssKb();
        Window w = Window.measure(server, gen, null, seconds);
        JsonObject stats = server.tryStats();
        String failures = gen.failures().toString();
        long fds = Proc.openFiles(server.pid());
        results.add(
            new Row(s, reached + " idle subscribers")
                .set("subscribers", reached)
                .set("server_cpu_pct", w.serverCpu)
                .set("others_cpu_pct", w.othersCpu)
                .set("loadgen_cpu_pct", w.loadCpu)
                .set("server_rss_mb", Bench.mb(rss))
                .set("heap_mb", heap < 0 ? "n/a" : Bench.mb(heap))
                .set("bytes_in_per_s", w.sseBytesIn)
                .set(
                    "notes",
                    String.format(
                        java.util.Locale.ROOT,
                        "target %d; ramp %.0f s; heap/sub %.1f KB; RSS/sub %.1f KB; server"
                            + " threads %d, fds %d; server sees %d; failures %s",
                        step,
                        rampSeconds,
                        reached == 0 || heap < 0 ? 0.0 : (heap - heap0) / (double) reached,
                        reached == 0 ? 0.0 : (rss - rss0) / (double) reached,
                        Proc.threads(server.pid()),
                        fds,
                        stats == null ? -1 : stats.getInt("subscribers"),
                        failures)));
        if (reached < step || stats == null) {
          java.nio.file.Files.writeString(
              Bench.out().resolve("connections-histogram.txt"),
              server
                  .jcmd("GC.class_histogram")
                  .lines()
                  .limit(40)
                  .collect(java.util.stream.Collectors.joining("\n")));
          stop =
              "stopped at "
                  + reached
                  + " of "
                  + step
                  + ": "
                  + failures
                  + "; server fds "
                  + fds
                  + (stats == null
                      ? " (the server no longer answers: no file descriptor left)"
                      : "")
                  + "; "
                  + limits;
          break;
        }
      }
      results.add(
          new Row(s, "where it stops")
              .set("subscribers", gen.sseOpen.get())
              .set("notes", stop == null ? "reached every step; " + limits : stop));
      gen.closeSse();
      Bench.await(
          90,
          () -> {
            JsonObject now = server.tryStats();
            return gen.sseOpen.get() == 0 && now != null && now.getInt("subscribers") == 0;
          });
      if (churn > 0) {
        churn(server, gen, churn, threads0);
      }
    }
  }

  private static boolean onlyTimeouts(java.util.Map<String, Long> failures) {
    return !failures.isEmpty() && failures.keySet().stream().allMatch(k -> k.startsWith("timeout"));
  }

  private void churn(BenchServer server, LoadGen gen, int cycles, long threads0) {
    String s = "3 connections";
    Bench.progress(s + ": churn, " + cycles + " connect/disconnect cycles");
    long heapBefore = server.heapUsedKb(true);
    long t0 = System.nanoTime();
    long cpu0 = server.cpuMillis();
    gen.clearFailures();
    long before = gen.churned.sum();
    gen.churn(cycles, 50);
    Bench.await(
        Math.max(60, cycles / 20), () -> gen.churned.sum() - before + gen.failureCount() >= cycles);
    double secs = (System.nanoTime() - t0) / 1e9;
    long cpu = server.cpuMillis() - cpu0;
    boolean zero = Bench.await(60, () -> server.stats().getInt("subscribers") == 0);
    long heapAfter = server.heapUsedKb(true);
    results.add(
        new Row(s, "churn " + cycles + " cycles")
            .set("subscribers", server.stats().getInt("subscribers"))
            .set("server_cpu_pct", cpu / secs / 10.0)
            .set("heap_mb", Bench.mb(heapAfter))
            .set("heap_growth_mb", Bench.mb(heapAfter - heapBefore))
            .set(
                "notes",
                String.format(
                    java.util.Locale.ROOT,
                    "%d cycles in %.1f s (%.0f/s); subscribers back to 0: %s; heap after GC"
                        + " %.1f MB before, %.1f MB after; threads %d at start, %d after;"
                        + " failures %s",
                    gen.churned.sum() - before,
                    secs,
                    (gen.churned.sum() - before) / secs,
                    zero,
                    Bench.mb(heapBefore),
                    Bench.mb(heapAfter),
                    threads0,
                    Proc.threads(server.pid()),
                    gen.failures())));
  }

  // ---- 4. flood

  /**
   * CDI producers inside the server (the test probe's flood) as fast as they can from {@code
   * threads} threads, and paced at {@code pacedRate} for {@code pacedSeconds} (issue 3 at full
   * size), with {@code subscribers} streams connected: fire() times, events/s accepted, drops,
   * heap.
   */
  void flood(int threads, int seconds, int pacedRate, int pacedSeconds, int subscribers)
      throws Exception {
    String s = "4 flood";
    List<String> settings = List.of("livelog.health.seconds=1");
    try (BenchServer server = server("flood", settings);
        LoadGen gen = new LoadGen(server.port, BenchServer.basic(), 4)) {
      warmUp(server, gen);
      gen.openSse(subscribers);
      Bench.await(60, () -> gen.sseOpen.get() >= subscribers);
      floodOnce(server, gen, s, threads + " threads, unpaced", threads, seconds, 0, subscribers);
      if (pacedRate > 0) {
        floodOnce(
            server,
            gen,
            s,
            threads + " threads, paced " + pacedRate + " ev/s for " + pacedSeconds + " s",
            threads,
            pacedSeconds,
            pacedRate,
            subscribers);
      }
      gen.closeSse();
    }
  }

  private void floodOnce(
      BenchServer server,
      LoadGen gen,
      String s,
      String name,
      int threads,
      int secs,
      int rate,
      int subscribers)
      throws Exception {
    Bench.progress(s + ": " + name);
    JsonObject before = server.stats();
    gen.heapUsedMax = 0;
    java.util.concurrent.CompletableFuture<String> answer =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return server
                    .post(
                        "api/test-probe/flood?threads="
                            + threads
                            + "&total="
                            + (rate > 0 ? (long) rate * secs : 100_000_000)
                            + "&seconds="
                            + secs
                            + "&rate="
                            + rate)
                    .body();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Window w = Window.measure(server, gen, null, secs);
    JsonObject probe =
        jakarta.json.Json.createReader(
                new java.io.StringReader(
                    answer.get(secs + 120L, java.util.concurrent.TimeUnit.SECONDS)))
            .readObject();
    Bench.drain(gen, 30);
    JsonObject after = server.stats();
    long fired = probe.getJsonNumber("fired").longValue();
    long accepted =
        after.getJsonNumber("eventsIn").longValue() - before.getJsonNumber("eventsIn").longValue();
    double elapsed = probe.getJsonNumber("elapsedMillis").longValue() / 1000.0;
    results.add(
        new Row(s, name)
            .set("subscribers", gen.sseOpen.get())
            .set("target_eps", rate > 0 ? (Object) (double) rate : "max")
            .set("published_eps", fired / Math.max(0.001, elapsed))
            .set("deliveries_per_s", w.deliveries)
            .perDelivery(w, w.deliveries)
            .latency(w.latency)
            .machine(w)
            .set("heap_mb", Bench.mb(gen.heapUsedMax / 1024))
            .set("drops", Bench.dropDelta(before, after))
            .set("cut", gen.cut.sum())
            .set("fires", fired)
            .set("fires_over_1ms", probe.getJsonNumber("over1ms").longValue())
            .set(
                "notes",
                String.format(
                    java.util.Locale.ROOT,
                    "fired %d in %.1f s; accepted %d (%.0f/s); fire() mean %d ns, p50 <= %s µs,"
                        + " p99 <= %s µs, p99.9 <= %s µs, max %d µs, over 1 ms %d; heap = peak"
                        + " of the 1 s metric samples",
                    fired,
                    elapsed,
                    accepted,
                    accepted / Math.max(0.001, elapsed),
                    probe.getJsonNumber("meanFireNanos").longValue(),
                    probe.get("p50FireMicros"),
                    probe.get("p99FireMicros"),
                    probe.get("p999FireMicros"),
                    probe.getJsonNumber("maxFireMicros").longValue(),
                    probe.getJsonNumber("over1ms").longValue())));
  }

  BenchServer server(String name, List<String> settings) throws Exception {
    if (shared != null) {
      shared.keep = true;
      return shared;
    }
    return BenchServer.start(Bench.out(), name, settings, jvmExtra(name));
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
