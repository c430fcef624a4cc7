package io.livelog.stream.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livelog.events.control.EventFilter;
import io.livelog.events.control.Histories;
import io.livelog.events.control.HistoryBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A replay reads its pages on the readers it is given, never on the thread that asks for frames.
 */
class ReplayTest {

  final HistoryBuffer history = Histories.history(10_000);
  final StreamMemory memory = new StreamMemory(1L << 30);
  final ExecutorService readers = Executors.newSingleThreadExecutor();
  final CountDownLatch pageMayBeRead = new CountDownLatch(1);
  final List<String> readOn = new ArrayList<>();

  @AfterEach
  void stop() {
    readers.shutdownNow();
  }

  ReplayPages slowPages() {
    return new ReplayPages(
        (after, before, filter, limit) -> {
          synchronized (readOn) {
            readOn.add(Thread.currentThread().getName());
          }
          try {
            pageMayBeRead.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return history.page(after, before, filter, limit);
        },
        memory);
  }

  long record(int n) {
    return Histories.recordMessages(history, n);
  }

  @Test
  void aSlowPageNeverHoldsTheWriterAndWakesTheSubscriberWhenReady() throws Exception {
    long first = record(100);
    Replay replay =
        new Replay(
            slowPages(), EventFilter.ALL, first - 1, history.nextId(), memory, first, readers);
    CountDownLatch woken = new CountDownLatch(1);
    replay.onReady(woken::countDown);

    assertThat(replay.next()).as("the page is not read yet").isSameAs(Replay.PENDING);
    assertThat(replay.next()).as("asking again starts no second read").isSameAs(Replay.PENDING);
    assertThat(woken.getCount()).isEqualTo(1);

    pageMayBeRead.countDown();
    assertThat(woken.await(10, TimeUnit.SECONDS)).as("woken once the page is ready").isTrue();
    synchronized (readOn) {
      assertThat(readOn).hasSize(1).noneMatch(Thread.currentThread().getName()::equals);
    }
    int events = 0;
    long lastId = -1;
    Frame frame;
    while ((frame = nextWhenReady(replay)) != null) {
      events += frame.events();
      lastId = frame.lastId();
    }
    assertThat(events).as("every event after Last-Event-ID once").isEqualTo(100);
    assertThat(lastId).isEqualTo(first + 99);
  }

  @Test
  void aFailedReadFailsTheNextFrameSoTheSubscriberResumesLater() throws Exception {
    long first = record(10);
    AtomicInteger reads = new AtomicInteger();
    ReplayPages failing =
        new ReplayPages(
            (after, before, filter, limit) -> {
              reads.incrementAndGet();
              throw new IllegalStateException("reading the store failed");
            },
            memory);
    Replay replay =
        new Replay(failing, EventFilter.ALL, first - 1, history.nextId(), memory, first, readers);
    CountDownLatch woken = new CountDownLatch(1);
    replay.onReady(woken::countDown);
    assertThat(replay.next()).isSameAs(Replay.PENDING);
    assertThat(woken.await(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(replay::next).hasMessageContaining("reading the store failed");
    assertThat(reads).hasValue(1);
  }

  @Test
  void aPageThatGotNoFurtherIsTriedAgainAfterAHeartbeatNotTakenForTheEnd() throws Exception {
    long first = record(5);
    long end = history.nextId();
    AtomicInteger stalled = new AtomicInteger(2);
    ReplayPages pages =
        new ReplayPages(
            (after, before, filter, limit) ->
                stalled.getAndDecrement() > 0
                    // as StoredHistory answers while the store's writer is behind
                    ? new HistoryBuffer.Page(List.of(), -1, -1, after)
                    : history.page(after, before, filter, limit),
            memory);
    Replay cut = new Replay(pages, EventFilter.ALL, first - 1, end, memory, first, readers);

    assertThat(nextWhenReady(cut)).isEqualTo(Frame.ping());
    assertThat(nextWhenReady(cut)).isEqualTo(Frame.ping());
    Frame events = nextWhenReady(cut);
    assertThat(events.events()).isEqualTo(5);
    assertThat(events.lastId()).isEqualTo(end - 1);
    assertThat(nextWhenReady(cut)).isNull();
  }

  /** The next frame, waiting (on a latch, not a sleep) while a page is being read. */
  private static Frame nextWhenReady(Replay replay) throws InterruptedException {
    while (true) {
      CountDownLatch ready = new CountDownLatch(1);
      replay.onReady(ready::countDown);
      Frame frame = replay.next();
      if (frame != Replay.PENDING) {
        return frame;
      }
      assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
