package io.livelog.stream.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livelog.events.control.EventFilter;
import io.livelog.events.control.Histories;
import io.livelog.events.control.HistoryBuffer;
import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.events.entity.Recorded;
import io.livelog.events.entity.RecordedBatch;
import io.livelog.stats.control.Counters;
import io.livelog.stats.control.Counters.Drop;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One filter group whose delivery fails is cut alone: its subscribers are counted as overflowed and
 * closed (they resume from history), the other groups get the batch, and the fan-out goes on.
 *
 * <p>The failure is real filter code throwing: a logger filter calls {@code startsWith} on the
 * event's logger, so an event without one (which the history never records: it normalizes a missing
 * logger to "") makes that filter, and no other, throw. The hub runs one fan-out shard, so both
 * groups share its thread: without the shard's catch that thread would end and nothing more would
 * reach anyone.
 */
class FanOutIsolationTest {

  static final EventFilter ACME = EventFilter.of(null, List.of("com.acme"), null, null);
  static final EventFilter INFO = EventFilter.of("INFO", null, null, null);

  HistoryBuffer history = Histories.history(1000);
  Counters counters = new Counters();
  StreamHub cut = new StreamHub();

  @AfterEach
  void shutdown() {
    cut.shutdown();
  }

  void start() {
    cut.history = history;
    cut.counters = counters;
    cut.node = Histories.node("test-node");
    ThreadFactory threads = Thread::new;
    cut.start(
        new StreamSettings(10, 10, 10, 1_000_000, 256L << 20, 30, 1, 5, 2500, 2, 1, 100_000),
        threads);
  }

  FakeSink subscribe(EventFilter filter) {
    FakeSink sink = new FakeSink();
    cut.subscribe(filter, OptionalLong.empty(), sink, null, "alice");
    return sink;
  }

  List<Recorded> record(int n, String logger) {
    List<LogEvent> events =
        IntStream.range(0, n).mapToObj(i -> LogEvent.of(Level.INFO, logger, "m" + i)).toList();
    return Histories.record(history, events);
  }

  /** A recorded event as it is, but with no logger: a logger filter's matching throws on it. */
  static Recorded withoutLogger(Recorded recorded) {
    LogEvent e = recorded.event();
    LogEvent bad =
        new LogEvent(
            e.id(),
            e.ts(),
            e.level(),
            null,
            e.source(),
            e.node(),
            e.thread(),
            e.message(),
            e.thrown(),
            e.fields(),
            e.truncated(),
            e.app(),
            e.traceId(),
            e.spanId());
    return new Recorded(recorded.id(), bad, recorded.json());
  }

  static List<Long> ids(List<Recorded> recorded) {
    return recorded.stream().map(Recorded::id).toList();
  }

  @Test
  void aGroupWhoseFilterThrowsIsCutAloneAndTheFanOutGoesOn() {
    start();
    FakeSink acme1 = subscribe(ACME);
    FakeSink acme2 = subscribe(ACME);
    FakeSink info = subscribe(INFO);
    assertThat(cut.groups()).isEqualTo(2);

    List<Recorded> poisoned = new ArrayList<>(record(2, "com.acme.A"));
    poisoned.set(0, withoutLogger(poisoned.get(0)));
    cut.onRecorded(new RecordedBatch(poisoned));

    await().atMost(20, TimeUnit.SECONDS).until(() -> acme1.isClosed() && acme2.isClosed());
    assertThat(counters.dropped(Drop.subscriberOverflow)).isEqualTo(2);
    assertThat(cut.subscribers()).isEqualTo(1);
    assertThat(cut.groups()).isEqualTo(1);
    await().atMost(20, TimeUnit.SECONDS).until(() -> info.ids().size() == 2);
    assertThat(info.ids()).isEqualTo(ids(poisoned));
    assertThat(acme1.ids()).isEmpty();
    assertThat(acme2.ids()).isEmpty();

    FakeSink acme3 = subscribe(ACME);
    List<Recorded> after = record(3, "com.acme.B");
    cut.onRecorded(new RecordedBatch(after));
    await().atMost(20, TimeUnit.SECONDS).until(() -> acme3.ids().size() == 3);
    await().atMost(20, TimeUnit.SECONDS).until(() -> info.ids().size() == 5);
    assertThat(acme3.ids()).isEqualTo(ids(after));
    assertThat(info.ids().subList(2, 5)).isEqualTo(ids(after));
    assertThat(info.isClosed()).isFalse();
    assertThat(acme3.isClosed()).isFalse();
    assertThat(counters.dropped(Drop.subscriberOverflow)).isEqualTo(2);
  }
}
