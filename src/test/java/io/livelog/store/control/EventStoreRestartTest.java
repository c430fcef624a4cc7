package io.livelog.store.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.events.control.Histories;
import io.livelog.events.control.HistoryBuffer;
import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.events.entity.Recorded;
import io.livelog.stats.control.Counters;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash's gap outlives the next restart: a real H2 store is written, "crashes" (not marked
 * closed), is opened again (the ids between its newest row and the new run's first are named lost),
 * closed cleanly, and opened a third time, which must still name that range rather than skip it
 * without a word.
 */
class EventStoreRestartTest {

  @TempDir Path dir;

  EventStore open() {
    return TestStores.embedded(dir, 1 << 20, 0, new Counters(), Thread::new);
  }

  static List<Recorded> events(long firstId, int count) {
    HistoryBuffer history = Histories.history(100);
    history.restart(firstId);
    return Histories.record(
        history,
        IntStream.range(0, count).mapToObj(i -> LogEvent.of(Level.INFO, "l", "m" + i)).toList());
  }

  void crashed() throws Exception {
    try (Connection c = H2.dataSource(dir).getConnection()) {
      StoreSql.setMeta(c, EventStore.CLEAN_CLOSE, 0);
    }
  }

  /** Ids 1000-1009 stored, a crash, and the next run (from 2000) opened. */
  EventStore restartedAfterACrash() throws Exception {
    EventStore first = open();
    first.startsAt(1_000);
    assertThat(first.append(events(1_000, 10)).get(10, TimeUnit.SECONDS)).isTrue();
    first.close();
    crashed();
    EventStore second = open();
    second.startsAt(2_000);
    return second;
  }

  @Test
  void aCrashGapIsStillNamedAfterTheNextCleanRestart() throws Exception {
    EventStore second = restartedAfterACrash();
    assertThat(second.reader().missingAfter(1_009, Long.MAX_VALUE)).isEqualTo(1_999);
    assertThat(second.append(events(2_000, 10)).get(10, TimeUnit.SECONDS)).isTrue();
    second.close();

    EventStore third = open();
    try {
      third.startsAt(3_000);
      assertThat(third.reader().missingAfter(1_009, Long.MAX_VALUE))
          .as("the first crash's gap, from the table")
          .isEqualTo(1_999);
      assertThat(third.reader().storedUntil(999, Long.MAX_VALUE)).isEqualTo(1_009);
      assertThat(third.reader().missingAfter(2_009, Long.MAX_VALUE))
          .as("a clean close leaves no gap")
          .isEqualTo(-1);
    } finally {
      third.close();
    }
  }

  @Test
  void idsContinueAboveTheLostOnesOfAnEarlierRun() throws Exception {
    restartedAfterACrash().close();

    EventStore third = open();
    try {
      assertThat(third.newestId()).as("above the crash's gap, not the newest row").hasValue(1_999);
    } finally {
      third.close();
    }
  }
}
