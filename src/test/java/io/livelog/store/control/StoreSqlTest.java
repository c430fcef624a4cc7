package io.livelog.store.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.events.control.EventFilter;
import io.livelog.events.control.HistorySearch;
import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.events.entity.Recorded;
import io.livelog.stats.control.Counters;
import io.livelog.stats.control.Counters.Drop;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's SQL, retention, reader and writer against an H2 file in a temporary directory. */
class StoreSqlTest {

  @TempDir Path dir;
  DataSource ds;
  Connection keeper;
  StoreState state;

  @BeforeEach
  void open() throws Exception {
    ds = H2.dataSource(dir);
    keeper = ds.getConnection();
    keeper.setAutoCommit(false);
    StoreSql.createSchema(keeper);
    keeper.commit();
    state = new StoreState();
    state.opened(StoreSql.extent(keeper, Long.MAX_VALUE), StoreSql.oldest(keeper), 0);
  }

  @AfterEach
  void close() throws Exception {
    keeper.close();
  }

  static Recorded event(long id, long ts, Level level, String message) {
    LogEvent event =
        new LogEvent(
            Long.toString(id), ts, level, "com.acme", "http", "n1", null, message, null, null);
    String json =
        "{\"id\":\""
            + id
            + "\",\"ts\":"
            + ts
            + ",\"level\":\""
            + level
            + "\",\"logger\":\"com.acme\",\"source\":\"http\",\"message\":\""
            + message
            + "\"}";
    return new Recorded(id, event, json);
  }

  static List<Recorded> events(long firstId, int n, long ts) {
    List<Recorded> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(event(firstId + i, ts + i, i % 10 == 0 ? Level.ERROR : Level.INFO, "message " + i));
    }
    return out;
  }

  void append(List<Recorded> events) throws Exception {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      long bytes = StoreSql.append(c, events);
      c.commit();
      state.committed(events.size(), bytes, events.get(events.size() - 1).id(), 0, 0);
      if (state.oldestId < 0) {
        state.oldest(StoreSql.oldest(c));
      }
    }
  }

  @Test
  void appendsAndReadsBackInIdOrderBothWays() throws Exception {
    append(events(1000, 1200, 5000));
    StoreReader reader = new StoreReader(ds, state);
    HistorySearch all = HistorySearch.of(EventFilter.ALL);

    StoreReader.Scan after = reader.ascending(1100, Long.MAX_VALUE, all, 3);
    assertThat(after.events()).extracting(Recorded::id).containsExactly(1101L, 1102L, 1103L);
    assertThat(after.events().get(0).event().message()).isEqualTo("message 101");
    assertThat(after.events().get(0).json()).startsWith("{\"id\":\"1101\"");

    StoreReader.Scan before = reader.descending(1100, all, 3);
    assertThat(before.events()).extracting(Recorded::id).containsExactly(1097L, 1098L, 1099L);

    StoreReader.Scan errors =
        reader.descending(
            Long.MAX_VALUE, HistorySearch.of(EventFilter.of("ERROR", null, null, null)), 2);
    assertThat(errors.events()).extracting(Recorded::id).containsExactly(2180L, 2190L);

    StoreReader.Scan end = reader.ascending(2190, Long.MAX_VALUE, all, 100);
    assertThat(end.events())
        .extracting(Recorded::id)
        .containsExactly(2191L, 2192L, 2193L, 2194L, 2195L, 2196L, 2197L, 2198L, 2199L);
    assertThat(end.expired()).isFalse();
  }

  @Test
  void rowsBelowTheLevelAreSkippedUnreadWithTheSameAnswer() throws Exception {
    append(events(1, 1000, 0)); // every tenth an ERROR
    StoreReader reader = new StoreReader(ds, state);
    EventFilter errors = EventFilter.of("ERROR", List.of(), List.of(), List.of(), null);
    StoreReader.Scan checked = reader.descending(Long.MAX_VALUE, HistorySearch.of(errors), 20);
    StoreReader.Scan skipped =
        reader.descending(Long.MAX_VALUE, HistorySearch.of(errors).atLeast(Level.ERROR), 20);
    assertThat(skipped.events()).hasSize(20).isEqualTo(checked.events());
    assertThat(skipped.events()).allMatch(e -> e.event().level() == Level.ERROR);
    assertThat(skipped.events().get(19).id()).isEqualTo(991);
  }

  @Test
  void aPatternThatOutlivesTheBudgetOnOneRowStillLetsEveryReadGetFurther() throws Exception {
    // (a+)+$ backtracks exponentially on a run of a's that does not end the message
    String runaway = "a".repeat(40) + "!";
    append(List.of(event(1, 0, Level.INFO, runaway), event(2, 1, Level.INFO, runaway)));
    append(List.of(event(3, 2, Level.INFO, runaway)));
    StoreReader reader = new StoreReader(ds, state);
    HistorySearch spent = HistorySearch.of(EventFilter.ALL, null, null, "(a+)+$", 0);
    StoreReader.Scan up = reader.ascending(0, Long.MAX_VALUE, spent, 100);
    assertThat(up.expired()).isTrue();
    assertThat(up.events()).isEmpty();
    assertThat(up.scannedTo()).as("past the first row").isEqualTo(1);
    assertThat(reader.ascending(up.scannedTo(), Long.MAX_VALUE, spent, 100).scannedTo())
        .isEqualTo(2);
    StoreReader.Scan down = reader.descending(Long.MAX_VALUE, spent, 100);
    assertThat(down.expired()).isTrue();
    assertThat(down.scannedTo()).as("below the newest row").isEqualTo(3);
  }

  @Test
  void searchesByTimeRangeAndRegex() throws Exception {
    append(events(1, 1000, 10_000));
    StoreReader reader = new StoreReader(ds, state);
    HistorySearch search =
        HistorySearch.of(EventFilter.ALL, "10500", "10600", "message 5[0-9]7$", 2000);
    StoreReader.Scan scan = reader.ascending(0, Long.MAX_VALUE, search, 100);
    assertThat(scan.events())
        .extracting(e -> e.event().message())
        .containsExactly(
            "message 507",
            "message 517",
            "message 527",
            "message 537",
            "message 547",
            "message 557",
            "message 567",
            "message 577",
            "message 587",
            "message 597");
  }

  @Test
  void aSpentBudgetAnswersWhatItFoundAndWhereItStopped() throws Exception {
    append(events(1, 2000, 10_000));
    StoreReader reader = new StoreReader(ds, state);
    HistorySearch spent = HistorySearch.of(EventFilter.ALL, null, null, "no such text", 0);
    // a spent budget still reads its first block, so continuing always gets further
    StoreReader.Scan scan = reader.ascending(0, Long.MAX_VALUE, spent, 100);
    assertThat(scan.expired()).isTrue();
    assertThat(scan.scannedTo()).isEqualTo(StoreReader.BLOCK);
    StoreReader.Scan next = reader.ascending(scan.scannedTo(), Long.MAX_VALUE, spent, 100);
    assertThat(next.scannedTo()).isEqualTo(2L * StoreReader.BLOCK);
    StoreReader.Scan back = reader.descending(Long.MAX_VALUE, spent, 100);
    assertThat(back.expired()).isTrue();
    assertThat(back.scannedTo()).isEqualTo(2000 - StoreReader.BLOCK + 1);
  }

  @Test
  void readingBackwardsWidensItsWindowAcrossAJumpInIds() throws Exception {
    append(events(1, 100, 0));
    append(events(1_000_000, 100, 0)); // ids jumped, as after a restart or on a cluster
    List<StoreSql.Row> rows = StoreSql.descending(keeper, 1_000_100, 0, 150);
    assertThat(rows).hasSize(150);
    assertThat(rows.get(0).id()).isEqualTo(1_000_099);
    assertThat(rows.get(149).id()).isEqualTo(51);
    assertThat(StoreSql.descending(keeper, 1_000_100, 0, 1_000)).hasSize(200);
    assertThat(StoreSql.descending(keeper, 50, 10, 100))
        .extracting(StoreSql.Row::id)
        .startsWith(49L)
        .endsWith(10L);
  }

  @Test
  void aRejoiningNodeOffersOlderRowsAgainAndNothingMovesBack() throws Exception {
    Counters counters = new Counters();
    StoreWriter writer = new StoreWriter(ds, state, counters, 1 << 20, c -> false);
    Thread thread = new Thread(writer);
    thread.start();
    List<Recorded> first = events(1, 10, 0);
    CompletableFuture<Boolean> stored = new CompletableFuture<>();
    writer.offer(first, first, true, stored);
    assertThat(stored.get(10, TimeUnit.SECONDS)).isTrue();
    // read again from the grid's head after a restart: the same rows, then one new
    List<Recorded> again = events(5, 7, 0);
    CompletableFuture<Boolean> restored = new CompletableFuture<>();
    writer.offer(again, again, true, restored);
    assertThat(restored.get(10, TimeUnit.SECONDS)).isTrue();
    writer.stop(thread, 10_000);
    assertThat(counters.dropped(Drop.storeError)).isZero();
    assertThat(StoreSql.extent(keeper, Long.MAX_VALUE).count()).isEqualTo(11);
    assertThat(state.newestId).isEqualTo(11);
    List<Recorded> older = events(2, 3, 0);
    CompletableFuture<Boolean> late = new CompletableFuture<>();
    StoreWriter second = new StoreWriter(ds, state, counters, 1 << 20, c -> false);
    Thread secondThread = new Thread(second);
    secondThread.start();
    second.offer(older, older, true, late);
    assertThat(late.get(10, TimeUnit.SECONDS)).isTrue();
    second.stop(secondThread, 10_000);
    assertThat(state.newestId).as("never back").isEqualTo(11);
  }

  @Test
  void aRowOfferedTwiceIsInsertedOnce() throws Exception {
    long bytes = StoreSql.appendAbsent(keeper, events(1, 3, 0));
    keeper.commit();
    long again = StoreSql.appendAbsent(keeper, events(2, 3, 0));
    keeper.commit();
    assertThat(StoreSql.extent(keeper, Long.MAX_VALUE).count()).isEqualTo(4);
    assertThat(again).isEqualTo(bytes / 3);
  }

  @Test
  void aSharedStoreInsertsOnlyItsRowsAndTheCommittedIdPassesTheOthers() throws Exception {
    Counters counters = new Counters();
    StoreWriter writer = new StoreWriter(ds, state, counters, 1 << 20, c -> false);
    Thread thread = new Thread(writer);
    thread.start();
    List<Recorded> batch = events(1, 10, 0);
    List<Recorded> mine = batch.stream().filter(e -> e.id() % 2 == 0).toList();
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    writer.offer(batch, mine, true, done);
    CompletableFuture<Boolean> none = new CompletableFuture<>();
    writer.offer(events(11, 5, 0), List.of(), true, none);
    assertThat(done.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(none.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(state.awaitCommitted(15, 0)).isTrue();
    writer.stop(thread, 10_000);
    StoreReader.Scan all =
        new StoreReader(ds, state)
            .ascending(0, Long.MAX_VALUE, HistorySearch.of(EventFilter.ALL), 100);
    assertThat(all.events()).extracting(Recorded::id).containsExactly(2L, 4L, 6L, 8L, 10L);
  }

  @Test
  void retentionDeletesWholeChunksOldestFirstByBytes() throws Exception {
    append(events(1, 3200, 10_000));
    long perEvent = state.bytes / 3200;
    Retention retention = TestStores.untimed(perEvent * 2000, TimeUnit.HOURS.toMillis(1), state);
    retention.apply(keeper, 10_000);
    assertThat(state.bytes).isLessThanOrEqualTo(perEvent * 2000 + perEvent);
    long left = StoreSql.extent(keeper, Long.MAX_VALUE).count();
    assertThat(left).isEqualTo(state.count).isLessThan(2001);
    // whole chunks of 100: what is left starts at a chunk boundary, oldest went first
    assertThat(state.oldestId).isEqualTo(3200 - left + 1);
    assertThat((state.oldestId - 1) % 100).isZero();
    assertThat(state.retainedFrom).isEqualTo(state.oldestId);
    assertThat(StoreSql.meta(keeper, Retention.RETAINED_FROM, 0)).isEqualTo(state.oldestId);
  }

  @Test
  void retentionDeletesChunksWhoseNewestEventIsTooOld() throws Exception {
    long hour = TimeUnit.HOURS.toMillis(1);
    append(events(1, 300, 0)); // ts 0..299
    append(events(301, 300, 10 * hour));
    Retention retention = TestStores.untimed(Long.MAX_VALUE, hour, state);
    retention.apply(keeper, 10 * hour + 1000);
    assertThat(state.oldestId).isEqualTo(301);
    assertThat(state.count).isEqualTo(300);
  }

  @Test
  void retentionPastItsTimeBudgetStopsAfterAChunkAndSaysItIsBehind() throws Exception {
    append(events(1, 3200, 10_000));
    long perEvent = state.bytes / 3200;
    Retention retention =
        new Retention(
            perEvent * 2000, TimeUnit.HOURS.toMillis(1), state, null, 0, Retention.EMBEDDED_CHUNK);
    assertThat(retention.apply(keeper, 10_000)).as("one chunk of 100 rows a call").isEqualTo(100);
    assertThat(retention.behind()).isTrue();
    int calls = 1;
    while (retention.behind() && calls < 100) {
      retention.apply(keeper, 10_000);
      calls++;
    }
    assertThat(retention.behind()).isFalse();
    assertThat(state.bytes).isLessThanOrEqualTo(perEvent * 2000 + perEvent);
    assertThat(calls).as("each call took one chunk, the last found nothing to do").isEqualTo(13);
  }

  @Test
  void retentionWithinItsBoundsReadsNoChunkOfRows() throws Exception {
    long hour = TimeUnit.HOURS.toMillis(1);
    append(events(1, 3200, 10 * hour));
    List<String> sql = new ArrayList<>();
    Connection recording = recording(keeper, sql);
    TestStores.untimed(Long.MAX_VALUE, hour, state).apply(recording, 10 * hour + 1000);
    assertThat(state.count).isEqualTo(3200);
    assertThat(sql).isNotEmpty().noneMatch(s -> s.startsWith("SELECT id, ts, bytes"));
    // over a bound the chunk's end is read, and the chunk goes
    TestStores.untimed(Long.MAX_VALUE, hour, state).apply(recording, 12 * hour);
    assertThat(sql).anyMatch(s -> s.startsWith("SELECT id, ts, bytes"));
    assertThat(state.count).isLessThan(3200);
  }

  /** {@code c}, recording the SQL of each statement it prepares into {@code sql}. */
  static Connection recording(Connection c, List<String> sql) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("prepareStatement")) {
                sql.add((String) args[0]);
              }
              try {
                return method.invoke(c, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void theWriterCommitsBatchesAndCompletesTheirFutures() throws Exception {
    Counters counters = new Counters();
    StoreWriter writer = new StoreWriter(ds, state, counters, 1 << 20, c -> false);
    Thread thread = new Thread(writer);
    thread.start();
    CompletableFuture<Boolean> first = new CompletableFuture<>();
    CompletableFuture<Boolean> second = new CompletableFuture<>();
    writer.offer(events(1, 10, 0), first);
    writer.offer(events(11, 10, 0), second);
    assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(second.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(state.committedId).isEqualTo(20);
    assertThat(state.count).isEqualTo(20);
    writer.stop(thread, 10_000);

    CompletableFuture<Boolean> late = new CompletableFuture<>();
    assertThat(writer.offer(events(21, 1, 0), late)).isFalse();
    assertThat(late.getNow(null)).isFalse();
    assertThat(counters.dropped(Drop.storeFull)).isEqualTo(1);
  }

  @Test
  void aLossIsOnDiskWithTheFirstRowCommittedAfterIt() throws Exception {
    Counters counters = new Counters();
    // no housekeeping: only the writer's commits save lost ranges here
    StoreWriter writer =
        new StoreWriter(
            ds, state, counters, 1 << 20, c -> false, null, new LossSaver(state.losses, "n1"));
    Thread thread = new Thread(writer);
    thread.start();
    try {
      CompletableFuture<Boolean> before = new CompletableFuture<>();
      writer.offer(events(1, 10, 0), before);
      assertThat(before.get(10, TimeUnit.SECONDS)).isTrue();
      state.lost(11, 20); // as a full queue or a failed write names them
      CompletableFuture<Boolean> after = new CompletableFuture<>();
      writer.offer(events(21, 10, 0), after);
      assertThat(after.get(10, TimeUnit.SECONDS)).isTrue();
      // a crash now: the next run reads the table, and must not skip 11-20 without a gap
      assertThat(LostSql.read(keeper, 0, null)).containsExactly(new long[] {11, 20});
      assertThat(state.losses.unsaved()).as("nothing left to save").isNull();
    } finally {
      writer.stop(thread, 10_000);
    }
  }

  @Test
  void aFailedWriteNamesWhatItLostEvenWhenItsFirstBatchIsEmpty() throws Exception {
    Counters counters = new Counters();
    StoreWriter writer = new StoreWriter(ds, state, counters, 1 << 20, c -> false);
    state.diskLow = true; // every write with rows is refused, as below minFreeBytes
    CompletableFuture<Boolean> empty = new CompletableFuture<>();
    CompletableFuture<Boolean> refused = new CompletableFuture<>();
    writer.offer(List.of(), List.of(), true, empty);
    writer.offer(events(1, 3, 0), refused);
    Thread thread = new Thread(writer); // both batches are queued: one write takes them together
    thread.start();
    assertThat(refused.get(10, TimeUnit.SECONDS)).isFalse();
    assertThat(empty.get(10, TimeUnit.SECONDS)).isFalse();
    writer.stop(thread, 10_000);
    assertThat(counters.dropped(Drop.storeFull)).isEqualTo(3);
    assertThat(state.lostAt(2)).containsExactly(1L, 3L);
    assertThat(state.awaitCommitted(3, 0)).as("settled: readers do not wait for it").isTrue();
  }

  @Test
  void theWritersQueueIsBoundedInBytes() {
    Counters counters = new Counters();
    StoreWriter writer = new StoreWriter(ds, state, counters, 1000, c -> false);
    assertThat(writer.offer(events(1, 5, 0), new CompletableFuture<>())).isTrue();
    CompletableFuture<Boolean> refused = new CompletableFuture<>();
    assertThat(writer.offer(events(6, 20, 0), refused)).isFalse();
    assertThat(refused.getNow(null)).isFalse();
    assertThat(counters.dropped(Drop.storeFull)).isEqualTo(20);
  }

  @Test
  void readersWaitOnlyForIdsHandedToTheWriter() throws Exception {
    append(events(100, 5, 0)); // an earlier run: committed up to 104
    state.offered(104);
    // ids jumped at the restart: nothing between 105 and 5000 was ever handed to the writer
    assertThat(state.awaitCommitted(5_000, 0)).isTrue();
    state.offered(5_001);
    assertThat(state.awaitCommitted(5_000, 0)).isFalse();
    state.settled(5_001);
    assertThat(state.awaitCommitted(5_000, 0)).isTrue();
  }

  @Test
  void reopeningFindsWhatWasCommitted() throws Exception {
    append(events(7000, 5, 0));
    keeper.close();
    keeper = ds.getConnection();
    StoreSql.Extent extent = StoreSql.extent(keeper, Long.MAX_VALUE);
    assertThat(extent.count()).isEqualTo(5);
    assertThat(extent.newest()).isEqualTo(7004);
    assertThat(extent.oldest()).isEqualTo(7000);
  }
}
