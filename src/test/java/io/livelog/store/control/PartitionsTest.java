package io.livelog.store.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How wide the next partition is made, and when the one being written counts as stale. */
class PartitionsTest {

  static final long MINUTE = TimeUnit.MINUTES.toMillis(1);

  @Test
  void aPartitionHoldsTheIdsOfOnePeriodAtTheRateThePreviousFilled() {
    AtomicLong clock = new AtomicLong(1_000_000);
    Partitions partitions = new Partitions(60 * MINUTE, 0, clock::get);
    // nothing measured yet: the smallest width
    assertThat(partitions.width(5_000)).isEqualTo(Partitions.MIN_WIDTH);
    // 6,000 ids in 6 seconds: 1,000 a second, 3.6 million an hour
    clock.addAndGet(6_000);
    assertThat(partitions.width(11_000)).isEqualTo(3_600_000);
    // a quiet hour: no narrower than the smallest width
    clock.addAndGet(60 * MINUTE);
    assertThat(partitions.width(11_010)).isEqualTo(Partitions.MIN_WIDTH);
    // a burst: no wider than the ids' own 1,000 a millisecond
    clock.addAndGet(1);
    assertThat(partitions.width(1_000_000_000_000L)).isEqualTo(1000 * 60 * MINUTE);
  }

  @Test
  void aPartitionSpansNoMoreIdsThanTheStoreWantsInOne() {
    AtomicLong clock = new AtomicLong(1_000_000);
    Partitions partitions = new Partitions(60 * MINUTE, 0, clock::get, () -> 250_000);
    assertThat(partitions.width(5_000)).isEqualTo(Partitions.MIN_WIDTH);
    // 1,000 ids a second would be 3.6 million in the hour
    clock.addAndGet(6_000);
    assertThat(partitions.width(11_000)).isEqualTo(250_000);
    // below the cap the rate decides
    clock.addAndGet(60 * MINUTE);
    assertThat(partitions.width(61_000)).isEqualTo(50_000);
  }

  @Test
  void aFixedWidthIgnoresTheRate() {
    AtomicLong clock = new AtomicLong();
    Partitions partitions = new Partitions(MINUTE, 500, clock::get);
    assertThat(partitions.width(10)).isEqualTo(500);
    clock.addAndGet(1);
    assertThat(partitions.width(1_000_000)).isEqualTo(500);
  }

  @Test
  void thePartitionBeingWrittenIsStaleOnlyAfterAPeriod() {
    Partitions partitions = new Partitions(MINUTE, 0, () -> 0);
    // before any write of this run: the partition was the previous run's
    assertThat(partitions.stale(2 * MINUTE)).isTrue();
  }
}
