package io.livelog.stream.control;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The node's write budget (issue 17, item 4): how long a {@link FilterGroup} holds new events
 * before it wakes its members again. It bites only while the node's measured write rate (frames of
 * events written a second, over windows of {@link #WINDOW_NANOS}) reaches {@code
 * livelog.stream.writeRate}, and lets go once the rate falls below half of it; otherwise every
 * batch wakes the members at once, so a stream is never delayed on a node that writes little. While
 * it bites, a group that was not woken within its linger wakes them at once, and a group that was
 * wakes them once at the end of the linger with everything that came in between, as one frame. The
 * linger is the node's subscribers times the time one write may take at that rate, at most {@link
 * #MAX_NANOS} (1,000 subscribers at 50,000 writes/s: a group woken at most 50 times a second).
 */
final class Linger {

  /** Runs a wake-up later. */
  interface Timer {
    void schedule(Runnable wake, long delayNanos);
  }

  /** No linger: every batch wakes the members at once. */
  static final Linger NONE = new Linger(null, 0, () -> 0, System::nanoTime);

  static final long MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** How long one measurement of the write rate lasts. */
  static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final Timer timer;
  private final long nanosPerWrite;
  private final IntSupplier subscribers;
  private final LongSupplier clock;
  private final long writesPerSecond;
  private final LongAdder writes = new LongAdder();
  private volatile long windowStart;
  private long windowWrites;
  private volatile boolean biting;

  /**
   * @param timer runs the delayed wake-ups
   * @param writesPerSecond the rate bound; 0 for none
   * @param subscribers the node's subscribers now
   * @param clock {@link System#nanoTime}, or a test's
   */
  Linger(Timer timer, int writesPerSecond, IntSupplier subscribers, LongSupplier clock) {
    this.timer = timer;
    this.nanosPerWrite = writesPerSecond > 0 ? TimeUnit.SECONDS.toNanos(1) / writesPerSecond : 0;
    this.subscribers = subscribers;
    this.clock = clock;
    this.writesPerSecond = writesPerSecond;
    this.windowStart = clock.getAsLong();
  }

  /** A linger on a scheduled executor and the system's clock. */
  static Linger on(ScheduledExecutorService timer, int writesPerSecond, IntSupplier subscribers) {
    return new Linger(
        (wake, delay) -> timer.schedule(wake, delay, TimeUnit.NANOSECONDS),
        writesPerSecond,
        subscribers,
        System::nanoTime);
  }

  long now() {
    return clock.getAsLong();
  }

  /** A frame of events was written: counted for the measured write rate. */
  void wrote() {
    writes.increment();
  }

  /**
   * How long a group waits after waking its members before it wakes them again: 0 unless the
   * measured write rate reached the bound.
   */
  long nanos() {
    if (nanosPerWrite == 0 || !biting()) {
      return 0;
    }
    return Math.min(MAX_NANOS, subscribers.getAsInt() * nanosPerWrite);
  }

  /** Whether the bound bites now; ends a measurement window when one is over. */
  boolean biting() {
    long now = clock.getAsLong();
    if (now - windowStart >= WINDOW_NANOS) {
      synchronized (this) {
        long elapsed = now - windowStart;
        if (elapsed >= WINDOW_NANOS) {
          long total = writes.sum();
          long rate = (total - windowWrites) * TimeUnit.SECONDS.toNanos(1) / elapsed;
          biting = rate >= (biting ? writesPerSecond / 2 : writesPerSecond);
          windowWrites = total;
          windowStart = now;
        }
      }
    }
    return biting;
  }

  /** Runs {@code wake} after {@code delayNanos}; false when it cannot (shut down: wake now). */
  boolean later(Runnable wake, long delayNanos) {
    if (timer == null) {
      return false;
    }
    try {
      timer.schedule(wake, delayNanos);
      return true;
    } catch (RejectedExecutionException shutDown) {
      return false;
    }
  }
}
