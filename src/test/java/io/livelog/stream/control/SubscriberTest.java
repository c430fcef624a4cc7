package io.livelog.stream.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livelog.events.control.EventFilter;
import io.livelog.events.control.Histories;
import io.livelog.events.control.HistoryBuffer;
import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.events.entity.Recorded;
import io.livelog.stats.control.Counters;
import io.livelog.stats.control.Counters.Drop;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One subscriber's drain without a container or writer threads: its drains run on the calling
 * thread, so every step is decided when the call returns. What it writes and in which order, that
 * it never writes to a sink that is not ready, what it keeps while parked, and when it is cut. The
 * hub is only the subscriber's callback target (counts, cuts, closing the sink).
 */
class SubscriberTest {

  final Counters counters = new Counters();
  final HistoryBuffer history = Histories.history(100_000);
  final StreamHub hub = new StreamHub();
  final FakeSink sink = new FakeSink();
  FilterGroup group;
  Subscriber cut;

  SubscriberTest() {
    hub.history = history;
    hub.counters = counters;
    hub.node = Histories.node("test-node");
    hub.start(
        new StreamSettings(10, 10, 10, 1 << 20, 64L << 20, 30, 15, 5, 2500, 1, 1, 0), Thread::new);
  }

  @AfterEach
  void shutdown() {
    hub.shutdown();
  }

  /** A subscriber in a group whose ring holds {@code ringBytes}, its preamble the opening frame. */
  Subscriber subscriber(long ringBytes) {
    return subscriber(ringBytes, Linger.NONE);
  }

  Subscriber subscriber(long ringBytes, Linger linger) {
    group = new FilterGroup(EventFilter.ALL, ringBytes, new StreamMemory(1L << 30), linger);
    cut = new Subscriber(sink, EventFilter.ALL, null, "alice", Runnable::run, hub);
    group.add(cut);
    cut.start(List.of(Frame.open(2500, "{\"node\":\"test-node\"}")), null, 0);
    return cut;
  }

  List<Recorded> publish(int n) {
    List<Recorded> recorded =
        Histories.record(
            history,
            IntStream.range(0, n).mapToObj(i -> LogEvent.of(Level.INFO, "l", "m" + i)).toList());
    group.deliver(recorded);
    return recorded;
  }

  /**
   * The client stops reading: the next event is taken as the frame under way, finds the sink not
   * ready, and the subscriber parks with it.
   */
  List<Recorded> park() {
    sink.writable(false);
    List<Recorded> underWay = publish(1);
    assertThat(cut.isParked()).isTrue();
    return underWay;
  }

  static List<Long> ids(List<Recorded> recorded) {
    return recorded.stream().map(Recorded::id).toList();
  }

  @Test
  void nothingIsWrittenBeforeTheContainerSaysItCanWriteThenThePreambleComesFirst() {
    subscriber(1 << 20);
    List<Recorded> early = publish(3);
    assertThat(sink.bytes()).isZero();
    assertThat(cut.state()).isEqualTo(Subscriber.State.OPENING);

    sink.open(cut);
    assertThat(cut.state()).isEqualTo(Subscriber.State.OPEN);
    assertThat(sink.frames().get(0).retryMillis()).isEqualTo(2500);
    assertThat(sink.ids()).isEqualTo(ids(early));
    assertThat(counters.eventsOut()).isEqualTo(3);
  }

  @Test
  void anIdleSubscriberWritesEachEventAtOnce() {
    subscriber(1 << 20);
    sink.open(cut);
    publish(1);
    publish(1);
    assertThat(sink.frames("logs")).hasSize(2);
  }

  @Test
  void withinTheLingerEventsWaitForOneWakeUpAndLeaveAsOneFrame() {
    AtomicLong clock = new AtomicLong(1_000_000_000L);
    List<Runnable> scheduled = new ArrayList<>();
    List<Long> delays = new ArrayList<>();
    // one subscriber at 100 writes a second: a linger of 10 ms
    Linger linger =
        new Linger(
            (wake, delay) -> {
              scheduled.add(wake);
              delays.add(delay);
            },
            100,
            () -> 1,
            clock::get);
    subscriber(1 << 20, linger);
    sink.open(cut);

    List<Recorded> first = publish(1);
    assertThat(sink.frames("logs")).as("an idle group wakes its members at once").hasSize(1);
    clock.addAndGet(2_000_000);
    List<Recorded> held = concat(publish(1), publish(1));
    assertThat(sink.frames("logs")).as("within the linger nothing more is written").hasSize(1);
    assertThat(scheduled).as("one wake-up for both batches").hasSize(1);
    assertThat(delays).containsExactly(8_000_000L);

    clock.addAndGet(8_000_000);
    scheduled.get(0).run();
    assertThat(sink.ids()).isEqualTo(ids(concat(first, held)));
    assertThat(sink.frames("logs")).as("what was held leaves as one frame").hasSize(2);
    assertThat(group.head()).as("held events are appended as one shared chunk").isEqualTo(2);

    clock.addAndGet(50_000_000);
    publish(1);
    assertThat(sink.frames("logs")).as("after a quiet linger, at once again").hasSize(3);
    assertThat(scheduled).hasSize(1);
  }

  @Test
  void withoutARateBoundThereIsNoLinger() {
    Linger linger =
        new Linger(
            (wake, delay) -> {
              throw new AssertionError("nothing is scheduled");
            },
            0,
            () -> 1000,
            System::nanoTime);
    assertThat(linger.nanos()).isZero();
    Linger capped = new Linger((wake, delay) -> {}, 1, () -> 1000, System::nanoTime);
    assertThat(capped.nanos()).isEqualTo(Linger.MAX_NANOS);
  }

  @Test
  void aParkedSubscriberIsNotWrittenToAndSendsWhatQueuedTogether() {
    subscriber(1 << 20);
    sink.open(cut);
    List<Recorded> first = park();
    int writes = sink.writes.get();
    List<Recorded> queued =
        IntStream.range(0, 50).boxed().flatMap(i -> publish(1).stream()).toList();
    assertThat(sink.writes.get()).as("no write while not ready").isEqualTo(writes);
    assertThat(cut.pendingEvents()).as("the first is the frame under way").isEqualTo(50);

    sink.writable(true);
    assertThat(cut.isParked()).isFalse();
    assertThat(cut.isClosed()).isFalse();
    assertThat(sink.ids()).isEqualTo(ids(concat(first, queued)));
    assertThat(sink.frames("logs"))
        .as("the first event, then the 50 queued in one frame")
        .hasSize(2);
    assertThat(cut.pendingEvents()).isZero();
  }

  @Test
  void whileParkedOnlyTheNewestMetricIsKeptAndNoticesAndPingsWait() {
    subscriber(1 << 20);
    sink.open(cut);
    park();
    cut.offerMetric(Frame.event("metric", "{\"heapUsed\":1}"));
    cut.offerMetric(Frame.event("metric", "{\"heapUsed\":2}"));
    assertThat(cut.offerNotice(Frame.event("alert", "{\"rule\":\"a\"}"))).isTrue();
    cut.ping();
    cut.ping();

    sink.writable(true);
    assertThat(sink.frames("metric"))
        .extracting(FakeSink.Message::data)
        .containsExactly("{\"heapUsed\":2}");
    assertThat(sink.frames("alert")).hasSize(1);
    assertThat(sink.frames().stream().filter(f -> "ping".equals(f.comment()))).hasSize(1);
  }

  @Test
  void eventsMakeAWaitingPingNeedless() {
    subscriber(1 << 20);
    sink.open(cut);
    park();
    cut.ping();
    publish(1);
    sink.writable(true);
    assertThat(sink.frames().stream().filter(f -> "ping".equals(f.comment()))).isEmpty();
    assertThat(sink.frames("logs")).hasSize(2);
  }

  @Test
  void atMostSixtyFourNoticesWaitForOneSubscriber() {
    subscriber(1 << 20);
    sink.open(cut);
    park();
    for (int i = 0; i < Subscriber.MAX_NOTICES; i++) {
      assertThat(cut.offerNotice(Frame.event("alert", "{\"n\":" + i + "}"))).isTrue();
    }
    assertThat(cut.offerNotice(Frame.event("alert", "{\"n\":64}"))).isFalse();

    sink.writable(true);
    assertThat(sink.frames("alert")).hasSize(Subscriber.MAX_NOTICES);
    assertThat(cut.offerNotice(Frame.event("alert", "{\"n\":65}"))).isTrue();
  }

  @Test
  void aSubscriberWhosePlaceFellOffTheRingIsCutAndCountedOnce() {
    subscriber(4 * 1024);
    sink.open(cut);
    park();
    for (int i = 0; i < 200; i++) {
      publish(1);
    }
    assertThat(cut.fellBehind()).isTrue();

    sink.writable(true);
    assertThat(cut.isClosed()).isTrue();
    assertThat(counters.dropped(Drop.subscriberOverflow)).isEqualTo(1);
    await().atMost(10, TimeUnit.SECONDS).until(sink::isClosed);
    assertThat(sink.ids()).as("nothing after the cut").hasSizeLessThan(200);
  }

  @Test
  void aStalledSubscriberReportsHowLongItWaitedAndAWritingOneNothing() {
    subscriber(1 << 20);
    sink.open(cut);
    long later = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    assertThat(cut.stalledNanos(later)).isZero();
    park();
    assertThat(cut.stalledNanos(later)).isGreaterThan(TimeUnit.SECONDS.toNanos(59));
    sink.writable(true);
    assertThat(cut.stalledNanos(later)).isZero();
  }

  @Test
  void aClientThatGoesAwayIsRemovedAndItsSinkClosedOnce() {
    subscriber(1 << 20);
    sink.open(cut);
    sink.disconnect();
    assertThat(cut.isClosed()).isTrue();
    publish(1);
    assertThat(sink.ids()).isEmpty();
    assertThat(cut.markClosed()).as("already closed").isFalse();
  }

  @Test
  void aWriteThatFailsEndsTheSubscriber() {
    java.util.concurrent.atomic.AtomicBoolean closed =
        new java.util.concurrent.atomic.AtomicBoolean();
    Sink failing =
        new Sink() {
          @Override
          public void open(Subscriber subscriber) {
            subscriber.writePossible();
          }

          @Override
          public boolean ready() {
            return true;
          }

          @Override
          public void write(byte[] bytes, int offset, int length) throws IOException {
            throw new IOException("broken pipe");
          }

          @Override
          public void flush() {}

          @Override
          public void close() {
            closed.set(true);
          }
        };
    group = new FilterGroup(EventFilter.ALL, 1 << 20, new StreamMemory(1L << 30), Linger.NONE);
    cut = new Subscriber(failing, EventFilter.ALL, null, "alice", Runnable::run, hub);
    group.add(cut);
    cut.start(List.of(Frame.open(2500, "{}")), null, 0);
    failing.open(cut);
    assertThat(cut.isClosed()).isTrue();
    await().atMost(10, TimeUnit.SECONDS).untilTrue(closed);
  }

  private static List<Recorded> concat(List<Recorded> a, List<Recorded> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
