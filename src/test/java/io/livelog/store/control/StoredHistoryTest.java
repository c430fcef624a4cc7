package io.livelog.store.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.events.control.EventFilter;
import io.livelog.events.control.Histories;
import io.livelog.events.control.HistoryBuffer;
import io.livelog.events.control.HistoryBuffer.Page;
import io.livelog.events.control.HistorySearch;
import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.events.entity.Recorded;
import io.livelog.stats.control.Counters;
import io.livelog.store.control.StoredHistory.Found;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ring with the store behind it, as a resuming stream reads it, without a container. */
class StoredHistoryTest {

  @TempDir Path dir;
  final List<EventStore> opened = new ArrayList<>();

  /** The next store's writer starts only once this is open: until then it commits nothing. */
  CountDownLatch writerGate = new CountDownLatch(0);

  EventStore store() {
    return store(1 << 20);
  }

  EventStore store(long queueBytes) {
    EventStore store =
        TestStores.embedded(
            dir,
            queueBytes,
            0,
            new Counters(),
            r -> {
              CountDownLatch gate = writerGate;
              return new Thread(
                  () -> {
                    try {
                      gate.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    r.run();
                  });
            });
    opened.add(store);
    return store;
  }

  @AfterEach
  void close() {
    writerGate.countDown();
    opened.forEach(EventStore::close);
  }

  @Test
  void aPatternThatOutlivesTheBudgetOnOneEventOfTheRingStillLetsTheReadGetFurther() {
    HistoryBuffer ring = Histories.history(10);
    String runaway = "a".repeat(40) + "!";
    List<Recorded> all =
        Histories.record(
            ring,
            List.of(
                LogEvent.of(Level.INFO, "l", runaway),
                LogEvent.of(Level.INFO, "l", runaway),
                LogEvent.of(Level.INFO, "l", runaway)));
    StoredHistory history = history(ring, new EventStore());
    HistorySearch spent = HistorySearch.of(EventFilter.ALL, null, null, "(a+)+$", 0);
    long before = all.get(0).id() - 1;
    Found found = history.after(before, ring.nextId(), spent, 100);
    assertThat(found.expired()).isTrue();
    assertThat(found.events()).isEmpty();
    assertThat(found.scannedTo()).as("past the first event").isEqualTo(all.get(0).id());
  }

  static StoredHistory history(HistoryBuffer ring, EventStore store) {
    StoredHistory history = new StoredHistory();
    history.ring = ring;
    history.store = store;
    return history;
  }

  /** Records n events as the relay does: ring first, then queued for the store, committed. */
  static List<Recorded> record(HistoryBuffer ring, EventStore store, int n) throws Exception {
    List<Recorded> recorded = record(ring, n);
    assertThat(store.append(recorded).get(10, TimeUnit.SECONDS)).isTrue();
    return recorded;
  }

  /** Records n events in the ring only. */
  static List<Recorded> record(HistoryBuffer ring, int n) {
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(LogEvent.of(Level.INFO, "l", "event " + i));
    }
    return Histories.record(ring, events);
  }

  static List<Long> ids(Page page) {
    return ids(page.events());
  }

  static List<Long> ids(List<Recorded> events) {
    return events.stream().map(Recorded::id).toList();
  }

  @Test
  void whatTheRingEvictedComesFromTheStoreWithoutAGap() throws Exception {
    EventStore store = store();
    HistoryBuffer ring = Histories.history(10);
    List<Recorded> all = record(ring, store, 40);
    Page page = history(ring, store).page(all.get(4).id(), ring.nextId(), EventFilter.ALL, 1000);
    assertThat(page.missed()).isFalse();
    assertThat(ids(page)).isEqualTo(all.subList(5, 40).stream().map(Recorded::id).toList());
  }

  @Test
  void afterACrashTheIdsThatMayHaveGoneOutLiveUnstoredAreAGap() throws Exception {
    EventStore first = store();
    HistoryBuffer ring = Histories.history(10);
    List<Recorded> before = record(ring, first, 20);
    // no close: as after kill -9, the next start finds the store not closed cleanly
    EventStore second = store();
    HistoryBuffer restarted = Histories.history(10);
    second.newestId().ifPresent(restarted::continueAbove);
    long firstId = restarted.nextId() + 1000; // ids jumped (start time x 1000)
    restarted.restart(firstId);
    second.startsAt(firstId);
    List<Recorded> after = record(restarted, second, 5);
    StoredHistory history = history(restarted, second);

    Page stored = history.page(before.get(9).id(), restarted.nextId(), EventFilter.ALL, 1000);
    assertThat(stored.missed()).isFalse();
    assertThat(ids(stored)).hasSize(10).last().isEqualTo(before.get(19).id());

    Page gap = history.page(stored.scannedTo(), restarted.nextId(), EventFilter.ALL, 1000);
    assertThat(gap.missedFrom()).isEqualTo(before.get(19).id() + 1);
    assertThat(gap.missedTo()).isEqualTo(firstId - 1);
    assertThat(ids(gap)).isEqualTo(after.stream().map(Recorded::id).toList());
  }

  @Test
  void aCleanCloseLeavesNoGap() throws Exception {
    EventStore first = store();
    HistoryBuffer ring = Histories.history(10);
    List<Recorded> before = record(ring, first, 20);
    first.close();
    EventStore second = store();
    HistoryBuffer restarted = Histories.history(10);
    long firstId = ring.nextId() + 1000;
    restarted.restart(firstId);
    second.startsAt(firstId);
    List<Recorded> after = record(restarted, second, 5);
    Page page =
        history(restarted, second)
            .page(before.get(9).id(), restarted.nextId(), EventFilter.ALL, 1000);
    Page rest =
        history(restarted, second)
            .page(page.scannedTo(), restarted.nextId(), EventFilter.ALL, 1000);
    assertThat(page.missed()).isFalse();
    assertThat(rest.missed()).isFalse();
    List<Long> all = new ArrayList<>(ids(page));
    all.addAll(ids(rest));
    List<Long> expected =
        new ArrayList<>(before.subList(10, 20).stream().map(Recorded::id).toList());
    expected.addAll(after.stream().map(Recorded::id).toList());
    assertThat(all).isEqualTo(expected);
  }

  @Test
  void storedEventsBetweenTwoLossesAreReadBetweenTwoGaps() throws Exception {
    EventStore first = store();
    HistoryBuffer ring = Histories.history(10);
    List<Recorded> before = record(ring, first, 20);
    // no close: as after kill -9, the next start names the ids up to its first as lost
    writerGate = new CountDownLatch(1);
    EventStore second = store(1); // a batch fits only into an empty queue
    HistoryBuffer restarted = Histories.history(10);
    long firstId = ring.nextId() + 1000;
    restarted.restart(firstId);
    second.startsAt(firstId);
    List<Recorded> stored = record(restarted, 5);
    CompletableFuture<Boolean> kept = second.append(stored);
    List<Recorded> dropped = record(restarted, 5);
    assertThat(second.append(dropped).get(10, TimeUnit.SECONDS)).as("storeFull").isFalse();
    writerGate.countDown();
    assertThat(kept.get(10, TimeUnit.SECONDS)).isTrue();
    List<Recorded> after = record(restarted, second, 10); // the ring holds only these now
    StoredHistory history = history(restarted, second);

    Page crash = history.page(before.get(19).id(), restarted.nextId(), EventFilter.ALL, 1000);
    assertThat(crash.missedFrom()).isEqualTo(before.get(19).id() + 1);
    assertThat(crash.missedTo()).isEqualTo(firstId - 1);
    assertThat(ids(crash)).isEqualTo(ids(stored));

    Page full = history.page(crash.scannedTo(), restarted.nextId(), EventFilter.ALL, 1000);
    assertThat(full.missedFrom()).isEqualTo(dropped.get(0).id());
    assertThat(full.missedTo()).isEqualTo(dropped.get(4).id());
    assertThat(ids(full)).isEqualTo(ids(after));
  }

  @Test
  void eventsTheWriterHasNotCommittedYetAreReadOnceCommittedNeitherSkippedNorAGap()
      throws Exception {
    writerGate = new CountDownLatch(1);
    EventStore store = store();
    HistoryBuffer ring = Histories.history(10);
    List<Recorded> all = record(ring, 30); // the ring holds the last 10
    CompletableFuture<Boolean> committed = store.append(all);
    StoredHistory history = history(ring, store);
    history.catchUpMillis = 50;
    HistorySearch search = HistorySearch.of(EventFilter.ALL);

    Found after = history.after(all.get(4).id(), ring.nextId(), search, 1000);
    assertThat(after.events()).as("not the ring's, past ids not read yet").isEmpty();
    assertThat(after.missedFrom()).isEqualTo(-1);
    assertThat(after.scannedTo()).isEqualTo(all.get(4).id());
    assertThat(after.expired()).as("to be continued").isTrue();
    Found newest = history.before(ring.nextId(), search, 1000);
    assertThat(ids(newest.events())).isEqualTo(ids(all.subList(20, 30)));
    assertThat(newest.scannedTo()).isEqualTo(all.get(20).id());
    assertThat(newest.expired()).isTrue();

    writerGate.countDown();
    assertThat(committed.get(10, TimeUnit.SECONDS)).isTrue();
    Found rest = history.after(after.scannedTo(), ring.nextId(), search, 1000);
    assertThat(rest.missedFrom()).isEqualTo(-1);
    assertThat(ids(rest.events())).isEqualTo(ids(all.subList(5, 30)));
    assertThat(rest.expired()).isFalse();
    Found older = history.before(newest.scannedTo(), search, 1000);
    assertThat(ids(older.events())).isEqualTo(ids(all.subList(0, 20)));
    assertThat(older.expired()).isFalse();
  }

  @Test
  void aReplayPageStopsAtItsBudgetAndAlwaysGetsFurther() throws Exception {
    EventStore store = store();
    HistoryBuffer ring = Histories.history(10);
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      events.add(LogEvent.of(Level.INFO, "l", i == 1200 ? "the needle" : "hay " + i));
    }
    List<Recorded> all = Histories.record(ring, events);
    assertThat(store.append(all).get(10, TimeUnit.SECONDS)).isTrue();
    StoredHistory history = history(ring, store);
    history.pageMillis = 0; // spent at once: each page reads its first block of rows only
    EventFilter rare = EventFilter.of(null, null, null, "needle");

    List<Long> found = new ArrayList<>();
    int pages = 0;
    long cursor = all.get(0).id() - 1;
    while (cursor < ring.nextId() - 1) {
      Page page = history.page(cursor, ring.nextId(), rare, 64);
      assertThat(page.scannedTo()).as("progress").isGreaterThan(cursor);
      assertThat(page.missed()).isFalse();
      found.addAll(ids(page));
      cursor = page.scannedTo();
      pages++;
    }
    assertThat(found).containsExactly(all.get(1200).id());
    assertThat(pages).as("a block of %d rows a page", StoreReader.BLOCK).isEqualTo(3);
  }
}
