package io.livelog.bench;

import io.livelog.testsupport.Postgres;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * Issue 18's ingest target: NDJSON posted at {@code -Dbench.ingestRate=} (50,000) events/s by
 * {@code -Dbench.ingestPosters=} (4) shippers for {@code -Dbench.ingestSeconds=} (300; quick 30)
 * into the durable store with {@code livelog.store.ack=commit} (each 202 only once committed),
 * while {@code -Dbench.ingestSubscribers=} (100) streams watch {@code level=WARN} (every 20th
 * event: 5 % of the flood, 250,000 deliveries/s at the default rate). Once into the embedded H2
 * store, once into PostgreSQL (Debian's server started here; skipped with a line when missing).
 * Reports the events taken per second, the ingest answers' p50/p99 (a commit included), the store's
 * longest commit and writer lag, live p50/p99 and the server's CPU and RSS.
 */
class IngestStoreBench {

  @Test
  void ndjsonIntoTheStoreWhileStreamsWatch() throws Exception {
    int rate = Integer.getInteger("bench.ingestRate", 50_000);
    int seconds = Integer.getInteger("bench.ingestSeconds", Bench.quick() ? 30 : 300);
    int posters = Integer.getInteger("bench.ingestPosters", 4);
    int subscribers = Integer.getInteger("bench.ingestSubscribers", 100);
    Path out = Bench.out();
    StringBuilder report =
        new StringBuilder(
            String.format(
                "%n| store | events/s taken | refused | ingest answer p50 / p99 ms |"
                    + " longest commit ms | writer lag ms | live p50 / p99 ms | deliveries/s |"
                    + " server CPU %% | server RSS MB | load generator CPU %% |%n"
                    + "|---|---|---|---|---|---|---|---|---|---|---|%n"));
    // -Dbench.ingestStores=H2 (or PostgreSQL) for one of them
    String stores = System.getProperty("bench.ingestStores", "H2,PostgreSQL");
    if (stores.contains("H2")) {
      report.append(row(out, "H2", List.of(), List.of(), rate, seconds, posters, subscribers));
    }
    Postgres started = null;
    try {
      if (stores.contains("PostgreSQL")) {
        started = Postgres.start();
      }
    } catch (TestAbortedException missing) {
      report.append("| PostgreSQL | skipped: " + missing.getMessage() + " |\n");
    }
    if (started != null) {
      try (Postgres pg = started) {
        report.append(
            row(
                out,
                "PostgreSQL",
                List.of("livelog.store.datasource=jdbc/livelog"),
                List.of(pg.payaraOptions("jdbc/livelog")),
                rate,
                seconds,
                posters,
                subscribers));
      }
    }
    report.append(
        String.format(
            "%n%s; %,d events/s for %d s by %d NDJSON posters (their own connections), %d"
                + " subscribers on level=WARN; load average at the end %s.%n",
            Bench.machine(),
            rate,
            seconds,
            posters,
            subscribers,
            Files.readString(Path.of("/proc/loadavg")).trim()));
    Bench.progress(report.toString());
    Files.writeString(out.resolve("ingest-store.md"), report);
  }

  private static String row(
      Path out,
      String store,
      List<String> settings,
      List<String> payara,
      int rate,
      int seconds,
      int posters,
      int subscribers)
      throws Exception {
    List<String> all = new ArrayList<>(settings);
    all.add("livelog.capture.server=false");
    all.add("livelog.store.ack=commit");
    Path dir = Files.createTempDirectory(out, "ingest-store-");
    all.add("livelog.store.dir=" + dir);
    try {
      return measure(out, store, all, payara, rate, seconds, posters, subscribers);
    } finally {
      Bench.deleteTree(dir); // gigabytes after five minutes
    }
  }

  private static String measure(
      Path out,
      String store,
      List<String> all,
      List<String> payara,
      int rate,
      int seconds,
      int posters,
      int subscribers)
      throws Exception {
    try (BenchServer server =
            BenchServer.start(out, "ingest-" + store, all, List.of(), false, payara);
        LoadGen gen = new LoadGen(server.port, BenchServer.basic(), 1)) {
      gen.openSse(subscribers, "api/stream?level=WARN");
      Bench.await(60, () -> gen.sseOpen.get() == subscribers);
      JsonObject before = server.stats();
      List<Publisher> publishers = new ArrayList<>();
      long millis = seconds * 1000L;
      for (int i = 0; i < posters; i++) {
        publishers.add(
            new Publisher(
                server.port, BenchServer.TOKEN, rate / (double) posters, millis, 20, true));
      }
      Window w;
      try {
        w = Window.measure(server, gen, publishers.get(0), seconds);
        for (Publisher p : publishers) {
          p.await();
        }
      } finally {
        publishers.forEach(Publisher::close);
      }
      JsonObject after = server.stats();
      long sent = 0;
      long refused = 0;
      Histogram answers = new Histogram(3_600_000_000L, 3);
      for (Publisher p : publishers) {
        sent += p.sent.sum();
        refused += p.refused.sum();
        answers.add(p.answers.getIntervalHistogram());
        if (p.error() != null) {
          Bench.progress("poster: " + p.error());
        }
      }
      String line =
          String.format(
              "| %s | %,.0f | %,d | %.1f / %.1f | %d | %d | %.1f / %.1f | %,.0f | %.0f | %.0f | %.0f |"
                  + " drops: %s; stored at the end: %,d events, %,d MB%n",
              store,
              sent / (double) seconds,
              refused,
              answers.getValueAtPercentile(50) / 1000.0,
              answers.getValueAtPercentile(99) / 1000.0,
              after.getJsonNumber("storeCommitMillisMax").longValue(),
              after.getJsonNumber("storeLagMillis").longValue(),
              w.latency.getValueAtPercentile(50) / 1000.0,
              w.latency.getValueAtPercentile(99) / 1000.0,
              w.deliveries,
              w.serverCpu,
              Bench.mb(w.rssKbMax),
              w.loadCpu,
              Bench.dropDelta(before, after),
              after.getJsonNumber("storeEvents").longValue(),
              after.getJsonNumber("storeBytes").longValue() >> 20);
      Bench.progress(line);
      return line;
    }
  }
}
