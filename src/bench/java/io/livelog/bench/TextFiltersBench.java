package io.livelog.bench;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's text-filter target: {@code -Dbench.qFilters=} (200) subscribers, each with its own
 * {@code q} filter, while NDJSON events of {@code -Dbench.qEventBytes=} (10,000) bytes are posted
 * at {@code -Dbench.qRate=} (1,000) events/s, each naming one filter's needle (so every event
 * reaches exactly one subscriber). Reports every post's answer (all 202?), drops, and the matching
 * events' latency from post to the subscriber (p50/p99), beside the server's and the load
 * generator's CPU; written to {@code q-filters.md}.
 */
class TextFiltersBench {

  @Test
  void distinctTextFiltersUnderLargeEvents() throws Exception {
    int filters = Integer.getInteger("bench.qFilters", 200);
    int rate = Integer.getInteger("bench.qRate", 1000);
    int bytes = Integer.getInteger("bench.qEventBytes", 10_000);
    int seconds = Bench.seconds();
    int warmup = Bench.warmup();
    Path out = Bench.out();
    Path store = Files.createTempDirectory(out, "q-filters-");
    try {
      run(out, store, filters, rate, bytes, seconds, warmup);
    } finally {
      Bench.deleteTree(store);
    }
  }

  private static void run(
      Path out, Path store, int filters, int rate, int bytes, int seconds, int warmup)
      throws Exception {
    try (BenchServer server =
            BenchServer.start(
                out,
                "q-filters",
                List.of("livelog.capture.server=false", "livelog.store.dir=" + store),
                List.of());
        LoadGen gen = new LoadGen(server.port, BenchServer.basic(), 1)) {
      gen.openSseEach(
          IntStream.range(0, filters).mapToObj(i -> "api/stream?q=needle-" + i + "-").toList());
      Bench.await(60, () -> gen.sseOpen.get() == filters);
      JsonObject before = server.stats();
      long millis = (warmup + seconds + 1) * 1000L;
      Publisher publisher =
          new Publisher(server.port, BenchServer.TOKEN, rate, millis, 0, true, filters, bytes);
      Window w;
      try {
        Scenarios.sleepWindow(warmup);
        w = Window.measure(server, gen, publisher, seconds);
        publisher.await();
      } finally {
        publisher.close();
      }
      JsonObject after = server.stats();
      String line =
          String.format(
              "%n| filters | events/s | event bytes | posts | refused | drops | p50 ms | p99 ms |"
                  + " deliveries/s | server CPU %% | load generator CPU %% | others CPU %% |"
                  + " quiet |%n|---|---|---|---|---|---|---|---|---|---|---|---|---|%n"
                  + "| %d | %d | %d | %d | %d | %s | %.1f | %.1f | %,.0f | %.0f | %.0f | %.0f |"
                  + " %s |%n%n%s; publisher error: %s; filter groups at the end %d.%n",
              filters,
              rate,
              bytes,
              publisher.posts.sum(),
              publisher.refused.sum(),
              Bench.dropDelta(before, after),
              w.latency.getValueAtPercentile(50) / 1000.0,
              w.latency.getValueAtPercentile(99) / 1000.0,
              w.deliveries,
              w.serverCpu,
              w.loadCpu,
              w.othersCpu,
              w.othersCpu < Integer.getInteger("bench.quietPct", 10) ? "yes" : "no",
              Bench.machine(),
              publisher.error(),
              after.getInt("filterGroups"));
      Bench.progress(line);
      Files.writeString(out.resolve("q-filters.md"), line);
    }
  }
}
