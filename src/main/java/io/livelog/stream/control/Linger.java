package io.livelog.stream.control;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The node's write budget (issue 17, item 4): how long a {@link FilterGroup} holds new events
 * before it wakes its members again. A group that was not woken within its linger wakes them at
 * once, so an idle stream is never delayed; a group that was, wakes them once at the end of the
 * linger with everything that came in between, as one frame. The linger is the node's subscribers
 * times the time one write may take at {@code livelog.stream.writeRate} writes a second, at most
 * {@link #MAX_NANOS}: it only bites when the groups would wake their members more often than that
 * rate allows (1,000 subscribers at 50,000 writes/s: a group woken more than 50 times a second).
 */
final class Linger {

  /** Runs a wake-up later. */
  interface Timer {
    void schedule(Runnable wake, long delayNanos);
  }

  /** No linger: every batch wakes the members at once. */
  static final Linger NONE = new Linger(null, 0, () -> 0, System::nanoTime);

  static final long MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final Timer timer;
  private final long nanosPerWrite;
  private final IntSupplier subscribers;
  private final LongSupplier clock;

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

  /** How long a group waits after waking its members before it wakes them again. */
  long nanos() {
    return Math.min(MAX_NANOS, subscribers.getAsInt() * nanosPerWrite);
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
