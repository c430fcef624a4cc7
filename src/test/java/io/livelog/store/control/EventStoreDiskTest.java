package io.livelog.store.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livelog.events.control.Histories;
import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.events.entity.Recorded;
import io.livelog.stats.control.Counters;
import io.livelog.stats.control.Counters.Drop;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The low-disk refusal on a real H2 store, without a container: with {@code minFreeBytes} above any
 * disk's free space, the writer's housekeeping (run at its start, then once a second) finds the
 * disk low, the store stops accepting (so an ingest answers 503, see {@code IntakeTest}), and a
 * batch queued anyway is not written but counted as {@code storeFull}.
 */
class EventStoreDiskTest {

  @TempDir Path dir;
  Counters counters = new Counters();
  EventStore store;

  EventStore open(long minFreeBytes) {
    store = TestStores.embedded(dir, 1 << 20, minFreeBytes, counters, Thread::new);
    return store;
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  static List<Recorded> three() {
    return Histories.record(
        Histories.history(10),
        List.of(
            LogEvent.of(Level.INFO, "l", "a"),
            LogEvent.of(Level.INFO, "l", "b"),
            LogEvent.of(Level.INFO, "l", "c")));
  }

  @Test
  void belowMinFreeBytesTheStoreRefusesAndCountsWhatItWasGiven() throws Exception {
    open(Long.MAX_VALUE);
    assertThat(store.active()).isTrue();
    await().atMost(20, TimeUnit.SECONDS).until(store::diskLow);
    assertThat(store.accepting()).isFalse();

    assertThat(store.append(three()).get(10, TimeUnit.SECONDS)).isFalse();
    assertThat(counters.dropped(Drop.storeFull)).isEqualTo(3);
    assertThat(counters.dropped(Drop.storeError)).isZero();
    assertThat(store.count()).isZero();
  }

  @Test
  void withRoomOnTheDiskTheSameBatchIsStored() throws Exception {
    open(0);
    assertThat(store.accepting()).isTrue();
    assertThat(store.append(three()).get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(store.diskLow()).isFalse();
    assertThat(counters.dropped(Drop.storeFull)).isZero();
    assertThat(store.count()).isEqualTo(3);
  }
}
