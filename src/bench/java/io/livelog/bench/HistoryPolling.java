package io.livelog.bench;

import io.livelog.bench.Results.Row;
import jakarta.json.JsonObject;
import java.util.Locale;

/**
 * Scenario 6, polling inside history (issue 9): history filled, then pollers at 1/s that keep
 * asking {@code GET /api/logs?after=<the middle of history>&limit=L}, so every answer must find its
 * place in history; then the same pollers with {@code after} at the newest id (empty answers) for
 * reference. Server CPU, answers/s, CPU per answer.
 */
final class HistoryPolling {

  static final String SCENARIO = "6 polling in history";

  private final Scenarios scenarios;
  private final Results results;
  private final int seconds;
  private final int warmup;

  HistoryPolling(Scenarios scenarios, Results results, int seconds, int warmup) {
    this.scenarios = scenarios;
    this.results = results;
    this.seconds = seconds;
    this.warmup = warmup;
  }

  void run(int pollers, int historyEvents, int limit) throws Exception {
    try (BenchServer server = scenarios.server("polling-history", java.util.List.of());
        LoadGen gen = new LoadGen(server.port, BenchServer.basic(), 4)) {
      scenarios.warmUp(server, gen);
      Bench.progress(SCENARIO + ": filling history with " + historyEvents + " events");
      try (Publisher fill =
          new Publisher(server.port, BenchServer.TOKEN, historyEvents / 2.0, 2000)) {
        fill.await();
      }
      long[] last = {-1};
      Bench.await(
          30,
          () -> {
            long now = newest(server.stats());
            boolean settled = now == last[0];
            last[0] = now;
            return settled;
          });
      JsonObject stats = server.stats();
      long oldest = stats.isNull("oldestId") ? 0 : Long.parseLong(stats.getString("oldestId"));
      long newest = newest(stats);
      long middle = oldest + (newest - oldest) / 2;
      String held = "history " + oldest + ".." + newest + " (" + stats.get("historySize") + ")";
      measure(
          server,
          gen,
          pollers + " pollers 1/s, after inside history (" + middle + "), limit " + limit,
          pollers,
          middle,
          limit,
          held);
      measure(
          server,
          gen,
          pollers + " pollers 1/s, after = newest (" + newest + "), empty answers",
          pollers,
          newest,
          limit,
          held);
    }
  }

  private void measure(
      BenchServer server, LoadGen gen, String name, int pollers, long after, int limit, String held)
      throws Exception {
    Bench.progress(SCENARIO + ": " + name);
    gen.clearFailures();
    gen.startPolling(pollers, 1000, after, limit, true);
    Bench.await(120, () -> gen.pollOpen.get() >= pollers);
    Scenarios.sleepWindow(warmup + 1);
    Window w = Window.measure(server, gen, null, seconds);
    int open = gen.pollOpen.get();
    gen.stopPolling();
    Bench.await(30, () -> gen.pollOpen.get() == 0);
    results.add(
        new Row(SCENARIO, name)
            .set("stream", Targets.LIVELOG)
            .set("pollers", open)
            .set("answers_per_s", w.polls)
            .machine(w)
            .set("bytes_in_per_s", w.pollBytesIn)
            .set("bytes_out_per_s", w.pollBytesOut)
            .set(
                "notes",
                String.format(
                    Locale.ROOT,
                    "%.0f µs server CPU per answer (window mean); %.1f events per answer; %s;"
                        + " failures %s",
                    w.polls > 0 ? w.serverCpuMean * 10_000 / w.polls : 0.0,
                    w.polls > 0 ? w.pollEvents / w.polls : 0.0,
                    held,
                    gen.failures())));
  }

  private static long newest(JsonObject stats) {
    return stats.isNull("newestId") ? 0 : Long.parseLong(stats.getString("newestId"));
  }
}
