package io.livelog.bench;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's history targets on a full store: {@code -Dbench.storedEvents=} (1,000,000) events of
 * about 200 bytes of JSON written straight into an H2 store with the store's schema (1 % ERROR, 5 %
 * WARN, the rest INFO, one a millisecond up to now), then one Payara Micro on that store, capture
 * off, so its memory ring is empty and every read is the store's. Timed from the client over
 * HTTP/1.1 keep-alive, one request at a time: the newest 100 {@code level=ERROR}, and {@code
 * before=} pages of 100 at random ids. Targets (at 10 million): < 100 ms and < 50 ms.
 */
class StoreQueryBench {

  static final String SCHEMA =
      "CREATE TABLE IF NOT EXISTS livelog_event (id BIGINT NOT NULL PRIMARY KEY,"
          + " ts BIGINT NOT NULL, lvl SMALLINT NOT NULL, bytes INT NOT NULL,"
          + " json VARCHAR NOT NULL)";

  @Test
  void newestErrorsAndBeforePagesOnAFullStore() throws Exception {
    int events = Integer.getInteger("bench.storedEvents", 1_000_000);
    int rounds = Integer.getInteger("bench.queries", 50);
    Path out = Bench.out();
    Path dir = Files.createDirectories(out.resolve("store-" + events));
    long t0 = System.nanoTime();
    boolean written = fill(dir, events);
    Bench.progress(
        (written ? "wrote " : "reused the store of an earlier run with ")
            + events
            + " events ("
            + (System.nanoTime() - t0) / 1_000_000_000
            + " s), file "
            + Files.size(dir.resolve("livelog.mv.db")) / 1_048_576
            + " MB, "
            + Files.size(dir.resolve("livelog.mv.db")) / events
            + " bytes per event of "
            + jsonLength(events / 2)
            + " bytes of JSON");
    String load = Files.readString(Path.of("/proc/loadavg")).trim();
    try (BenchServer server =
        BenchServer.start(
            out,
            "store-query",
            List.of(
                "livelog.store.dir=" + dir.toAbsolutePath(),
                "livelog.capture.server=false",
                "livelog.store.maxBytes=" + Long.MAX_VALUE),
            List.of())) {
      Random random = new Random(18);
      double[] errors = time(server, rounds, i -> "api/logs?level=ERROR&limit=100");
      double[] pages =
          time(
              server,
              rounds,
              i -> "api/logs?limit=100&before=" + (1 + 100 + random.nextInt(events - 100)));
      // q= over -Dbench.searchBytes (1 GiB) of the store, newest first: the needle is the event
      // that far back (the oldest when the store is smaller), continued from Livelog-Scanned-To
      // until found; each answer without it is one progress report
      long fileBytes = Files.size(dir.resolve("livelog.mv.db"));
      long searchBytes = Long.getLong("bench.searchBytes", 1L << 30);
      long needle = Math.max(1, events - searchBytes * events / fileBytes);
      long scannedMb = (events - needle) * fileBytes / events / 1_048_576;
      long s0 = System.nanoTime();
      int requests = 0;
      String cursor = null;
      boolean found = false;
      while (!found && requests < 1000) {
        HttpResponse<String> answer =
            server.get(
                "api/logs?limit=100&q=order%20"
                    + needle
                    + "%20took"
                    + (cursor == null ? "" : "&before=" + cursor));
        requests++;
        found = answer.body().contains("\"Order " + needle + " took");
        cursor = answer.headers().firstValue("Livelog-Scanned-To").orElse(null);
        if (cursor == null) {
          break;
        }
      }
      double searchSeconds = (System.nanoTime() - s0) / 1e9;
      String report =
          String.format(
              "%n| stored events | query | p50 ms | p90 ms | max ms |%n|---|---|---|---|---|%n"
                  + "| %,d | newest 100 level=ERROR | %.1f | %.1f | %.1f |%n"
                  + "| %,d | before= page of 100 | %.1f | %.1f | %.1f |%n"
                  + "| %,d | q= needle %,d MB back (event %,d): %s in %.1f s, %d requests | | | |%n"
                  + "%s; %d queries each after 5 warm-up; the default search budget"
                  + " (livelog.history.searchMillis); load average before the run %s, after %s.%n",
              events,
              pct(errors, 50),
              pct(errors, 90),
              pct(errors, 100),
              events,
              pct(pages, 50),
              pct(pages, 90),
              pct(pages, 100),
              events,
              scannedMb,
              needle,
              found ? "found" : "NOT found",
              searchSeconds,
              requests,
              Bench.machine(),
              rounds,
              load,
              Files.readString(Path.of("/proc/loadavg")).trim());
      Bench.progress(report);
      Files.writeString(out.resolve("store-query.md"), report);
    }
  }

  interface Query {
    String path(int i);
  }

  static double[] time(BenchServer server, int rounds, Query query) throws Exception {
    for (int i = 0; i < 5; i++) {
      server.get(query.path(i)); // cold: the file's pages and the JIT
    }
    double[] millis = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      String path = query.path(i);
      long start = System.nanoTime();
      HttpResponse<String> answer = server.get(path);
      millis[i] = (System.nanoTime() - start) / 1e6;
      check(answer);
    }
    Arrays.sort(millis);
    return millis;
  }

  static void check(HttpResponse<String> answer) {
    if (answer.statusCode() != 200 || answer.body().length() < 1000) {
      throw new IllegalStateException(answer.statusCode() + ": " + answer.body());
    }
    if (answer.headers().firstValue("Livelog-Scanned-To").isPresent()) {
      throw new IllegalStateException("a read ran out of its budget: " + answer.uri());
    }
  }

  static double pct(double[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  static int jsonLength(int i) {
    return json(i, System.currentTimeMillis(), "INFO", "x".repeat(60)).length();
  }

  static String json(int i, long ts, String level, String filler) {
    return "{\"id\":\""
        + i
        + "\",\"ts\":"
        + ts
        + ",\"level\":\""
        + level
        + "\",\"logger\":\"com.acme.orders.OrderService\",\"source\":\"http\","
        + "\"node\":\"bench\",\"message\":\"Order "
        + i
        + " took 812 ms "
        + filler
        + "\"}";
  }

  /**
   * The store's table with {@code n} events, unless an earlier run left it there; false when it
   * did.
   */
  static boolean fill(Path dir, int n) throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(
        "jdbc:h2:file:" + dir.toAbsolutePath().resolve("livelog") + ";DB_CLOSE_ON_EXIT=FALSE");
    ds.setUser("livelog");
    ds.setPassword("");
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute(SCHEMA);
        var r = s.executeQuery("SELECT COUNT(*) FROM livelog_event");
        r.next();
        if (r.getLong(1) == n) {
          return false;
        }
        s.execute("DELETE FROM livelog_event");
      }
      long now = System.currentTimeMillis();
      String[] levels = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR"};
      String filler = "x".repeat(60);
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO livelog_event (id, ts, lvl, bytes, json) VALUES (?, ?, ?, ?, ?)")) {
        for (int i = 1; i <= n; i++) {
          int level = i % 100 == 0 ? 4 : i % 20 == 0 ? 3 : 2;
          long ts = now - (n - i);
          String json = json(i, ts, levels[level], filler);
          p.setLong(1, i);
          p.setLong(2, ts);
          p.setInt(3, level);
          p.setInt(4, json.length() + 40);
          p.setString(5, json);
          p.addBatch();
          if (i % 10_000 == 0) {
            p.executeBatch();
            c.commit();
          }
        }
        p.executeBatch();
        c.commit();
      }
    }
    return true;
  }
}
