package io.livelog.cluster.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.livelog.events.control.EventPreparer;
import io.livelog.events.control.Histories;
import io.livelog.events.control.PreparedEvent;
import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.stats.control.Counters;
import io.livelog.stats.control.Counters.Drop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The appender against a grid that fails or does not answer: every event it did not store is
 * counted once as {@code clusterUnavailable} and its future completes with -1 (no sequence), and a
 * producer's submission returns at once, taken or refused, while the grid keeps the appender's
 * thread.
 */
class GridAppenderTest {

  static final EventPreparer PREPARER = Histories.preparer(1000);

  final FailingGrid grid = new FailingGrid();
  final Counters counters = new Counters();
  Thread appending;

  @AfterEach
  void stop() throws InterruptedException {
    grid.answer.countDown();
    if (appending != null) {
      appending.interrupt();
      appending.join(5000);
    }
  }

  static List<PreparedEvent> events(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> PREPARER.prepare(LogEvent.of(Level.INFO, "l", "event " + i)).orElseThrow())
        .toList();
  }

  static long bytes(List<PreparedEvent> events) {
    return events.stream().mapToLong(PreparedEvent::size).sum();
  }

  static CompletableFuture<Long> submit(GridAppender appender, List<PreparedEvent> events) {
    return appender.submit(events, bytes(events));
  }

  @Test
  void whatTheGridFailedToStoreIsCountedOnceAndCompletesFalse() throws Exception {
    GridAppender cut = new GridAppender(grid, counters, 100, 1 << 20, 50);
    grid.answer.countDown(); // every append fails at once
    CompletableFuture<Long> two = submit(cut, events(2));
    CompletableFuture<Long> three = submit(cut, events(3));

    cut.step();

    assertThat(grid.calls).hasValue(1);
    assertThat(two).isCompletedWithValue(-1L);
    assertThat(three).isCompletedWithValue(-1L);
    assertThat(counters.dropped(Drop.clusterUnavailable)).isEqualTo(5);
    assertThat(counters.eventsIn()).isZero();
    assertThat(cut.appended()).isZero();
    assertThat(cut.queued()).isZero();
    assertThat(cut.queuedBytes()).isZero();

    cut.step(); // nothing queued: nothing counted again
    assertThat(counters.dropped(Drop.clusterUnavailable)).isEqualTo(5);
    assertThat(grid.calls).hasValue(1);
  }

  @Test
  void eachSubmissionLearnsTheSequenceOfItsLastEvent() throws Exception {
    GridReaderTest.FakeGrid stored = new GridReaderTest.FakeGrid(100);
    stored.append(List.of("{}", "{}"), 0); // sequences 0 and 1 hold others' events
    GridAppender cut = new GridAppender(stored, counters, 100, 1 << 20, 50);
    CompletableFuture<Long> two = submit(cut, events(2));
    CompletableFuture<Long> three = submit(cut, events(3));

    cut.step(); // one append of five bodies: sequences 2 to 6

    assertThat(two).isCompletedWithValue(3L);
    assertThat(three).isCompletedWithValue(6L);
    assertThat(counters.eventsIn()).isEqualTo(5);
  }

  @Test
  void aGridThatDoesNotAnswerNeverHoldsUpAProducer() throws Exception {
    List<PreparedEvent> first = events(2);
    GridAppender cut = new GridAppender(grid, counters, 100, bytes(first) + 1, 50);
    AtomicReference<Exception> ended = new AtomicReference<>();
    appending =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  cut.step();
                }
              } catch (Exception e) {
                ended.set(e);
              }
            });
    appending.start();

    CompletableFuture<Long> stalled = submit(cut, first);
    assertThat(grid.entered.await(20, TimeUnit.SECONDS)).isTrue();

    // the grid holds the appender's thread: a producer is taken or refused, never kept waiting
    CompletableFuture<Long> queued =
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> submit(cut, events(1)));
    assertThat(queued).isNull(); // the stalled batch's bytes still fill the queue's bound
    assertThat(stalled).isNotDone();
    assertThat(counters.dropped(Drop.clusterUnavailable)).isZero();

    grid.answer.countDown(); // the grid gives up: not confirmed in time
    assertThat(stalled.get(20, TimeUnit.SECONDS)).isEqualTo(-1L);
    assertThat(counters.dropped(Drop.clusterUnavailable)).isEqualTo(2);
    await().atMost(20, TimeUnit.SECONDS).until(() -> cut.queuedBytes() == 0);

    CompletableFuture<Long> next =
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> submit(cut, events(1)));
    assertThat(next.get(20, TimeUnit.SECONDS)).isEqualTo(-1L);
    assertThat(counters.dropped(Drop.clusterUnavailable)).isEqualTo(3);
    assertThat(ended.get()).isNull();
  }

  /**
   * A grid whose appends never succeed: the first waits until {@link #answer} is counted down (a
   * grid that does not confirm), then each throws as a timed-out append does.
   */
  static final class FailingGrid extends GridReaderTest.FakeGrid {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch answer = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();

    FailingGrid() {
      super(0);
    }

    @Override
    public long append(List<String> bodies, long timeoutMillis) throws Exception {
      calls.incrementAndGet();
      entered.countDown();
      answer.await();
      throw new TimeoutException("no backup confirmed within " + timeoutMillis + " ms");
    }
  }
}
