package io.livelog.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livelog.testsupport.Api;
import io.livelog.testsupport.ClusterNodes;
import io.livelog.testsupport.Postgres;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's retention in whole chunks on PostgreSQL: one Payara Micro storing through a JNDI
 * DataSource into a PostgreSQL the test starts (skipped loudly without Debian's package), its event
 * table in partitions of 100 ids ({@code livelog.store.partitionEvents}, so the test does not
 * depend on the clock; the memory ring holds 100 events, so history comes from the store). Events
 * two days old, then new ones, are ingested while retention keeps everything; the test reads the
 * partitions from PostgreSQL's catalog. Restarted with {@code maxAgeHours=24}, the partitions whose
 * newest event is old go whole and the one where old meets new stays; with {@code maxBytes} set to
 * what is left, more new events make the oldest partitions go, whole, just enough of them. Each
 * time history's oldest event moves forward to a partition's first id, {@code /api/stats}' store
 * figures are what PostgreSQL counts, and fewer partitions are attached ({@code pg_inherits}).
 */
class PartitionRetentionIT {

  static final int WIDTH = 100;
  static final int BATCH = 50;
  static final long DAY = TimeUnit.DAYS.toMillis(1);

  /** The partitions attached to the event table, the default one among them. */
  static final String ATTACHED =
      "SELECT COUNT(*) FROM pg_inherits WHERE inhparent = 'livelog_event'::regclass";

  final String run = UUID.randomUUID().toString().substring(0, 8);

  /** A partition as PostgreSQL holds it: its ids, rows, bytes and newest row's ts (-1 empty). */
  record Part(String name, long from, long to, long rows, long bytes, long newestTs) {}

  static List<Part> partitions(Connection db) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " WHERE i.inhparent = 'livelog_event'::regclass")) {
      while (r.next()) {
        names.add(r.getString(1));
      }
    }
    assertThat(names).contains("livelog_event_default");
    List<Part> parts = new ArrayList<>();
    for (String name : names) {
      if (name.equals("livelog_event_default")) {
        assertThat(count(db, "SELECT COUNT(*) FROM " + name)).as("default rows").isZero();
        continue;
      }
      String[] bounds = name.substring("livelog_event_".length()).split("_");
      try (Statement s = db.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT COUNT(*), COALESCE(SUM(bytes), 0), COALESCE((SELECT ts FROM "
                      + name
                      + " ORDER BY id DESC LIMIT 1), -1) FROM "
                      + name)) {
        r.next();
        parts.add(
            new Part(
                name,
                Long.parseLong(bounds[0]),
                Long.parseLong(bounds[1]),
                r.getLong(1),
                r.getLong(2),
                r.getLong(3)));
      }
    }
    parts.sort(Comparator.comparingLong(Part::from));
    return parts;
  }

  static long count(Connection db, String sql) throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  /** {@code n} events in posts of 50, each answered 202 once committed (so one write each). */
  void ingest(Api api, String prefix, int n, long ts) {
    for (int i = 0; i < n; i += BATCH) {
      HttpResponse<String> answer =
          api.ingest(StoreIT.batch(prefix, i, Math.min(BATCH, n - i), ts));
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }
  }

  static long id(JsonObject event) {
    return Long.parseLong(event.getString("id"));
  }

  static List<Long> ids(List<JsonObject> events) {
    return events.stream().map(PartitionRetentionIT::id).toList();
  }

  /** What the user sees matches PostgreSQL: history from {@code from} on, and the figures. */
  static void assertStoreIs(Api api, Connection db, List<Long> expected) throws SQLException {
    List<JsonObject> history = StoreIT.everything(api);
    assertThat(ids(history)).isEqualTo(expected);
    JsonObject stats = api.stats();
    assertThat(stats.getString("storeOldestId")).isEqualTo(Long.toString(expected.get(0)));
    assertThat(stats.getJsonNumber("storeEvents").longValue())
        .isEqualTo(count(db, "SELECT COUNT(*) FROM livelog_event"))
        .isEqualTo(expected.size());
    assertThat(stats.getJsonNumber("storeBytes").longValue())
        .isEqualTo(count(db, "SELECT SUM(bytes) FROM livelog_event"));
  }

  @Test
  void wholePartitionsGoByAgeThenByBytesOldestFirst() throws Exception {
    try (Postgres pg = Postgres.start();
        Connection db = DriverManager.getConnection(pg.url())) {
      ClusterNodes nodes =
          new ClusterNodes(
                  1,
                  false,
                  "livelog.capture.server=false",
                  "livelog.history.size=100",
                  "livelog.store.partitionEvents=" + WIDTH)
              .withProperty("livelog.store.datasource", "jdbc/livelog")
              .withProperty("livelog.store.maxAgeHours", "1000000")
              .withOptions(pg.payaraOptions("jdbc/livelog"));
      try {
        nodes.beforeAll(null);
        ClusterNodes.Node node = nodes.node(0);
        Api api = node.api();
        long now = System.currentTimeMillis();
        // 270 old events, then 250 new: the partition of the last old ones holds new ones too
        ingest(api, "old-" + run + "-", 270, now - 2 * DAY);
        ingest(api, "new-" + run + "-", 250, now);
        List<Long> before = ids(StoreIT.everything(api));
        assertThat(before).hasSize(520);
        List<Part> parts = partitions(db);
        assertThat(parts).hasSizeGreaterThanOrEqualTo(5);
        long newest = before.get(before.size() - 1);
        // by age: oldest first, each partition wholly below the newest row whose newest is old
        int aged = 0;
        while (parts.get(aged).to() <= newest
            && parts.get(aged).rows() > 0
            && parts.get(aged).newestTs() < now - DAY) {
          aged++;
        }
        assertThat(aged).as("partitions holding only old events").isGreaterThanOrEqualTo(2);
        Part kept = parts.get(aged);
        List<Long> afterAge = before.stream().filter(id -> id >= kept.from()).toList();
        assertThat(afterAge.get(0)).as("the kept partition's first id").isEqualTo(kept.from());
        long bytesAfterAge =
            parts.subList(aged, parts.size()).stream().mapToLong(Part::bytes).sum();

        node.kill();
        node.properties.put("livelog.store.maxAgeHours", "24");
        node.properties.put("livelog.store.maxBytes", Long.toString(bytesAfterAge));
        node.start();
        node.awaitMembers(1);
        await("the old partitions dropped")
            .atMost(60, TimeUnit.SECONDS)
            .ignoreExceptions() // a partition dropped between listing and counting it
            .until(() -> partitions(db).get(0).from() == kept.from());
        assertStoreIs(api, db, afterAge);
        List<JsonObject> agedHistory = StoreIT.everything(api);
        assertThat(agedHistory.get(0).getString("message"))
            .as("old events in the partition where old meets new stay")
            .startsWith("old-" + run + "-");
        List<Part> agedParts = partitions(db);
        assertThat(agedParts).isEqualTo(parts.subList(aged, parts.size()));
        assertThat(count(db, ATTACHED)).isEqualTo(parts.size() - aged + 1L);

        // by bytes: 150 new events make the store too big; the oldest partitions go, whole
        String more = "more-" + run + "-";
        ingest(api, more, 150, System.currentTimeMillis());
        await("the store back under maxBytes")
            .atMost(60, TimeUnit.SECONDS)
            .until(() -> api.stats().getJsonNumber("storeBytes").longValue() <= bytesAfterAge);
        List<Part> left = partitions(db);
        List<JsonObject> history = StoreIT.everything(api);
        assertThat(history.stream().filter(e -> e.getString("message").startsWith(more)))
            .as("the new events all kept")
            .hasSize(150);
        int dropped = agedParts.indexOf(left.get(0));
        assertThat(dropped).as("whole partitions dropped by bytes").isGreaterThanOrEqualTo(1);
        assertThat(left)
            .startsWith(agedParts.subList(dropped, agedParts.size()).toArray(Part[]::new));
        List<Long> expected =
            new ArrayList<>(afterAge.stream().filter(id -> id >= left.get(0).from()).toList());
        expected.addAll(ids(history).stream().filter(id -> id > newest).toList());
        assertStoreIs(api, db, expected);
        assertThat(expected.get(0)).isGreaterThan(afterAge.get(0));
        // just enough: with the last partition dropped the store would be within bounds no more
        long stored = left.stream().mapToLong(Part::bytes).sum();
        assertThat(stored).isLessThanOrEqualTo(bytesAfterAge);
        assertThat(stored + agedParts.get(dropped - 1).bytes()).isGreaterThan(bytesAfterAge);
        // the dropped ones are detached; the restarted run's writes made new ones above its jump
        assertThat(left).doesNotContainAnyElementsOf(agedParts.subList(0, dropped));
        assertThat(left.subList(agedParts.size() - dropped, left.size()))
            .allMatch(p -> p.from() > newest);
        assertThat(count(db, ATTACHED)).isEqualTo(left.size() + 1L);
      } finally {
        nodes.afterAll(null);
      }
    }
  }
}
