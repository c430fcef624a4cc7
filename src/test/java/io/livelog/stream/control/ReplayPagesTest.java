package io.livelog.stream.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.events.control.EventFilter;
import io.livelog.events.control.Histories;
import io.livelog.events.control.HistoryBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReplayPagesTest {

  final HistoryBuffer history = Histories.history(10_000);
  final StreamMemory memory = new StreamMemory(1L << 30);
  final AtomicInteger reads = new AtomicInteger();
  final ReplayPages cut =
      new ReplayPages(
          (after, before, filter, limit) -> {
            reads.incrementAndGet();
            return history.page(after, before, filter, limit);
          },
          memory);

  long record(int n) {
    return Histories.recordMessages(history, n);
  }

  @Test
  void subscribersResumingTheSameRangeShareOneReadAndOneEncoding() {
    long first = record(200);
    long end = history.nextId();
    ReplayPages.Encoded a = cut.page(first - 1, end, EventFilter.ALL, 64);
    ReplayPages.Encoded b = cut.page(first - 1, end + 50, EventFilter.ALL, 64);
    assertThat(reads).hasValue(1);
    assertThat(b).isSameAs(a);
    assertThat(b.frames().get(0).bytes()).as("the same bytes").isSameAs(a.frames().get(0).bytes());
    assertThat(a.scannedTo()).isEqualTo(first + 63);
    assertThat(memory.replay()).as("the shared page counts once").isEqualTo(a.bytes());

    cut.page(first - 1, end, EventFilter.of("ERROR", null, null, null), 64);
    assertThat(reads).as("another filter is another page").hasValue(2);
  }

  @Test
  void aPageThatReachesBeyondASnapshotIsNotSharedWithIt() {
    long first = record(10);
    long end = history.nextId();
    ReplayPages.Encoded all = cut.page(first - 1, end, EventFilter.ALL, 64);
    assertThat(all.scannedTo()).isEqualTo(end - 1);

    ReplayPages.Encoded earlier = cut.page(first - 1, first + 5, EventFilter.ALL, 64);
    assertThat(reads).as("its events after the other's snapshot come to that one live").hasValue(2);
    assertThat(earlier.scannedTo()).isEqualTo(first + 4);
  }

  @Test
  void anExpiredPageLeavesTheStreamsMemoryAtTheNextCleanUp() {
    AtomicLong nanos = new AtomicLong();
    ReplayPages expiring =
        new ReplayPages(
            (after, before, filter, limit) -> history.page(after, before, filter, limit),
            memory,
            nanos::get);
    long first = record(100);
    ReplayPages.Encoded page = expiring.page(first - 1, history.nextId(), EventFilter.ALL, 64);
    assertThat(memory.replay()).isEqualTo(page.bytes());
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(11));
    expiring.cleanUp();
    assertThat(memory.replay()).isZero();
    assertThat(expiring.size()).isZero();
  }

  @Test
  void anEmptyReadIsNotKept() {
    long next = history.nextId();
    cut.page(next - 1, next, EventFilter.ALL, 64);
    cut.page(next - 1, next, EventFilter.ALL, 64);
    assertThat(reads).hasValue(2);
    assertThat(cut.size()).isZero();
    assertThat(memory.replay()).isZero();
  }
}
