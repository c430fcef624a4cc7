package io.livelog.store.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.events.entity.Recorded;
import io.livelog.stats.control.Counters;
import io.livelog.stats.control.Counters.Drop;
import io.livelog.store.control.PartitionSql.Partition;
import io.livelog.testsupport.Postgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The store's partitions against a real PostgreSQL (Debian's, started by the test; skipped loudly
 * without it): a new table is partitioned by id, the writer never inserts into a missing partition
 * (a restart's jump in ids included), retention drops whole partitions oldest first and keeps the
 * store's figures as a fresh count gives them, never the partition being written (which loses old
 * rows by range deletes only once it outlived its period), two nodes creating partitions at once
 * never overlap, and a table an earlier version made keeps range deletes.
 */
class PartitionsIT {

  static final long HOUR = TimeUnit.HOURS.toMillis(1);
  static final long NOW = 1_000 * HOUR;

  static Postgres pg;
  PGSimpleDataSource ds;
  Connection keeper;
  StoreState state;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = Postgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  @BeforeEach
  void open() throws Exception {
    ds = new PGSimpleDataSource();
    ds.setURL(pg.url());
    keeper = ds.getConnection();
    keeper.setAutoCommit(false);
    try (Statement s = keeper.createStatement()) {
      s.execute("DROP TABLE IF EXISTS livelog_event CASCADE");
      s.execute("DROP TABLE IF EXISTS livelog_meta");
    }
    keeper.commit();
    state = new StoreState();
  }

  @AfterEach
  void close() throws Exception {
    keeper.close();
  }

  void createPartitioned() throws SQLException {
    assertThat(PartitionSql.postgres(keeper)).isTrue();
    PartitionSql.createTable(keeper);
    StoreSql.createSchema(keeper);
    keeper.commit();
    assertThat(PartitionSql.partitioned(keeper)).isTrue();
  }

  /** Makes the partitions ready and appends, 50 events a commit, as the writer does. */
  void write(Partitions partitions, List<Recorded> events) throws SQLException {
    for (int i = 0; i < events.size(); i += 50) {
      List<Recorded> batch = events.subList(i, Math.min(events.size(), i + 50));
      long newest = batch.get(batch.size() - 1).id();
      partitions.ensure(keeper, newest);
      long bytes = StoreSql.append(keeper, batch);
      keeper.commit();
      state.committed(batch.size(), bytes, newest, 0, 0);
      if (state.oldestId < 0) {
        state.oldest(StoreSql.oldest(keeper));
      }
    }
  }

  long count(String sql) throws SQLException {
    try (Statement s = keeper.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      long n = r.getLong(1);
      keeper.commit();
      return n;
    }
  }

  /** The store's figures are what a fresh count of the table gives. */
  void assertFiguresExact() throws SQLException {
    StoreSql.Extent fresh = StoreSql.extent(keeper, Long.MAX_VALUE);
    assertThat(state.count).isEqualTo(fresh.count());
    assertThat(state.bytes).isEqualTo(fresh.bytes());
    assertThat(state.oldestId).isEqualTo(fresh.oldest());
    assertThat(StoreSql.meta(keeper, Retention.RETAINED_FROM, 0)).isEqualTo(state.retainedFrom);
    keeper.commit();
  }

  @Test
  void theWriterInsertsIntoPartitionsMadeAheadOfItsIds() throws Exception {
    createPartitioned();
    Partitions partitions = new Partitions(HOUR, 100, () -> NOW);
    Counters counters = new Counters();
    StoreWriter writer =
        new StoreWriter(ds, state, counters, 1 << 20, c -> false, partitions, null);
    Thread thread = new Thread(writer);
    thread.start();
    List<CompletableFuture<Boolean>> acks = new ArrayList<>();
    for (long id = 5_000; id < 5_450; id += 50) {
      CompletableFuture<Boolean> ack = new CompletableFuture<>();
      writer.offer(StoreSqlTest.events(id, 50, NOW), ack);
      acks.add(ack);
    }
    // a restart: ids jump to the new start time × 1000
    CompletableFuture<Boolean> jumped = new CompletableFuture<>();
    writer.offer(StoreSqlTest.events(9_000_000, 10, NOW), jumped);
    acks.add(jumped);
    for (CompletableFuture<Boolean> ack : acks) {
      assertThat(ack.get(10, TimeUnit.SECONDS)).isTrue();
    }
    writer.stop(thread, 10_000);
    assertThat(counters.dropped(Drop.storeError)).isZero();

    List<Partition> all = PartitionSql.list(keeper);
    assertThat(all.get(0).from()).isZero();
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i).from()).as("contiguous").isEqualTo(all.get(i - 1).to());
    }
    Partition last = all.get(all.size() - 1);
    assertThat(last.from()).as("one partition ahead of the newest id").isGreaterThan(9_000_009);
    assertThat(last.to() - last.from()).isEqualTo(100);
    assertThat(count("SELECT COUNT(*) FROM livelog_event")).isEqualTo(460);
    assertThat(count("SELECT COUNT(*) FROM " + PartitionSql.DEFAULT)).isZero();
    assertThat(
            count("SELECT COUNT(*) FROM pg_inherits WHERE inhparent = 'livelog_event'::regclass"))
        .isEqualTo(all.size() + 1);
  }

  @Test
  void retentionDropsWholePartitionsOldestFirstNeverTheOneBeingWritten() throws Exception {
    createPartitioned();
    Partitions partitions = new Partitions(HOUR, 100, () -> NOW);
    // 1,000 events: the first 330 two days old, the others new
    write(partitions, StoreSqlTest.events(1_000, 330, NOW - 48 * HOUR));
    write(partitions, StoreSqlTest.events(1_330, 670, NOW));
    int before = PartitionSql.list(keeper).size();
    keeper.commit();

    // by age: the partitions holding only old events go; the one where old meets new stays
    Retention byAge = TestStores.untimed(Long.MAX_VALUE, 24 * HOUR, state, partitions);
    long dropped = byAge.apply(keeper, NOW);
    Partition kept = PartitionSql.list(keeper).get(0);
    assertThat(kept.from()).isLessThanOrEqualTo(1_329).isGreaterThan(1_229);
    assertThat(state.oldestId).isEqualTo(kept.from());
    assertThat(dropped).isEqualTo(kept.from() - 1_000);
    assertThat(PartitionSql.list(keeper)).hasSizeLessThan(before);
    assertThat(state.retainedFrom).isEqualTo(kept.from());
    assertFiguresExact();

    // by bytes: about 300 events' worth, whole partitions oldest first
    long perEvent = state.bytes / state.count;
    Retention byBytes = TestStores.untimed(perEvent * 300, 24 * HOUR, state, partitions);
    byBytes.apply(keeper, NOW);
    assertThat(state.bytes).isLessThanOrEqualTo(perEvent * 300);
    assertThat(state.count).isGreaterThan(200);
    assertThat(state.oldestId).isEqualTo(PartitionSql.list(keeper).get(0).from());
    assertThat(state.oldestId - state.retainedFrom).isZero();
    assertFiguresExact();

    // nothing may stay: every finished partition goes, the one being written only shrinks
    Partition writing = partitionOf(1_999);
    TestStores.untimed(0, 24 * HOUR, state, partitions).apply(keeper, NOW);
    assertThat(PartitionSql.list(keeper)).contains(writing);
    assertThat(PartitionSql.list(keeper).get(0)).isEqualTo(writing);
    assertFiguresExact();
  }

  @Test
  void thePartitionBeingWrittenLosesOldRowsOnlyOnceItOutlivedItsPeriod() throws Exception {
    createPartitioned();
    Partitions partitions = new Partitions(HOUR, 1_000, () -> NOW);
    write(partitions, StoreSqlTest.events(1_000, 300, NOW - 48 * HOUR));
    Partition writing = partitionOf(1_299);
    Retention retention = TestStores.untimed(Long.MAX_VALUE, 24 * HOUR, state, partitions);
    // written within the period: it may still fill and go whole
    assertThat(retention.apply(keeper, NOW + HOUR / 2)).isZero();
    assertThat(state.count).isEqualTo(300);
    // no write for more than a period: its old rows go by age, in chunks
    assertThat(retention.apply(keeper, NOW + 2 * HOUR)).isEqualTo(300);
    assertThat(PartitionSql.list(keeper)).contains(writing);
    assertFiguresExact();
  }

  Partition partitionOf(long id) throws SQLException {
    for (Partition p : PartitionSql.list(keeper)) {
      if (p.from() <= id && id < p.to()) {
        return p;
      }
    }
    throw new AssertionError("no partition holds " + id);
  }

  @Test
  void rowsLandingBelowTheOldestPartitionGoWithTheNextDrop() throws Exception {
    createPartitioned();
    Partitions partitions = new Partitions(HOUR, 100, () -> NOW);
    write(partitions, StoreSqlTest.events(1_000, 400, NOW - 48 * HOUR));
    write(partitions, StoreSqlTest.events(1_400, 200, NOW));
    TestStores.untimed(Long.MAX_VALUE, 24 * HOUR, state, partitions).apply(keeper, NOW);
    long oldestFrom = PartitionSql.list(keeper).get(0).from();
    // a cluster node writing late: an id below every partition is kept by the default one
    write(partitions, StoreSqlTest.events(oldestFrom - 5, 1, NOW - 48 * HOUR));
    assertThat(count("SELECT COUNT(*) FROM " + PartitionSql.DEFAULT)).isEqualTo(1);
    write(partitions, StoreSqlTest.events(1_600, 200, NOW));
    state.oldest(StoreSql.oldest(keeper));
    TestStores.untimed(state.bytes / 2, 24 * HOUR, state, partitions).apply(keeper, NOW);
    assertThat(count("SELECT COUNT(*) FROM " + PartitionSql.DEFAULT)).isZero();
    assertFiguresExact();
  }

  @Test
  void nodesCreatingPartitionsAtOnceNeverOverlap() throws Exception {
    createPartitioned();
    AtomicLong ids = new AtomicLong(10_000);
    ExecutorService nodes = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int node = 0; node < 2; node++) {
        // one node with fixed widths, one adaptive: their ranges differ
        long width = node == 0 ? 100 : 0;
        running.add(
            nodes.submit(
                () -> {
                  Partitions partitions = new Partitions(HOUR, width, System::currentTimeMillis);
                  try (Connection c = ds.getConnection()) {
                    c.setAutoCommit(false);
                    for (int i = 0; i < 100; i++) {
                      long id = ids.addAndGet(75);
                      partitions.ensure(c, id);
                      StoreSql.append(c, StoreSqlTest.events(id, 1, NOW));
                      c.commit();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      nodes.shutdownNow();
    }
    List<Partition> all = PartitionSql.list(keeper);
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i).from()).isEqualTo(all.get(i - 1).to());
    }
    assertThat(all.get(all.size() - 1).from()).isGreaterThan(ids.get());
    assertThat(count("SELECT COUNT(*) FROM livelog_event")).isEqualTo(200);
    assertThat(count("SELECT COUNT(*) FROM " + PartitionSql.DEFAULT)).isZero();
  }

  @Test
  void aTableAnEarlierVersionMadeKeepsRangeDeletes() throws Exception {
    StoreSql.createSchema(keeper); // unpartitioned, as before partitions
    keeper.commit();
    PartitionSql.createTable(keeper);
    keeper.commit();
    assertThat(PartitionSql.partitioned(keeper)).isFalse();
    assertThat(PartitionSql.list(keeper)).isEmpty();
    StoreSql.append(keeper, StoreSqlTest.events(1, 300, NOW - 48 * HOUR));
    StoreSql.append(keeper, StoreSqlTest.events(301, 300, NOW));
    keeper.commit();
    state.opened(StoreSql.extent(keeper, Long.MAX_VALUE), StoreSql.oldest(keeper), 0);
    TestStores.untimed(Long.MAX_VALUE, 24 * HOUR, state).apply(keeper, NOW);
    assertThat(state.oldestId).isEqualTo(301);
    assertFiguresExact();
  }
}
