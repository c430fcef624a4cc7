package io.livelog.stream.control;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that write to subscribers: as many as there are cores (writes that never block need
 * no more), plus one replacement for each write that does block its thread (a container without a
 * writability probe, or the write that crossed the container's bound for a client that stopped
 * reading), found within 50-70 ms, so healthy streams always keep their threads. Also delays a
 * subscriber's next write to keep within the write budget.
 */
final class WriterPool {

  private static final int MAX_EXTRA_WRITERS = 1024;
  private static final long WATCH_MILLIS = 20;
  private static final long STUCK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final int threads;
  private final ThreadPoolExecutor writers;
  private final ScheduledExecutorService delays;
  private final AtomicInteger stuck = new AtomicInteger();
  private final Set<Subscriber> writing = ConcurrentHashMap.newKeySet();

  WriterPool(int threads, ThreadFactory writerThreads, ThreadFactory delayThread) {
    this.threads = threads;
    this.writers =
        new ThreadPoolExecutor(
            threads,
            threads + MAX_EXTRA_WRITERS,
            2,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            writerThreads);
    this.delays = Executors.newSingleThreadScheduledExecutor(delayThread);
    delays.scheduleWithFixedDelay(this::watch, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** A subscriber's write has begun: watched until it ends. */
  void writing(Subscriber subscriber) {
    writing.add(subscriber);
  }

  /** A subscriber's write has returned. */
  void written(Subscriber subscriber) {
    writing.remove(subscriber);
  }

  /**
   * Every 20 ms: a write that has held its thread for more than 50 ms (a container that blocks the
   * write which crossed its per-connection bound) gets a replacement thread at once, so the other
   * subscribers' writes never queue behind it.
   */
  private void watch() {
    try {
      long now = System.nanoTime();
      for (Subscriber subscriber : writing) {
        if (subscriber.markStuckAfter(STUCK_NANOS, now)) {
          stuck();
        }
      }
    } catch (RuntimeException e) {
      // watched again in 20 ms
    }
  }

  /** Runs a drain now. */
  void execute(Runnable drain) {
    writers.execute(drain);
  }

  /** Runs a drain after {@code nanos}. */
  void executeAfter(Runnable drain, long nanos) {
    delays.schedule(
        () -> {
          try {
            writers.execute(drain);
          } catch (RejectedExecutionException shutDown) {
            // the hub is going away
          }
        },
        nanos,
        TimeUnit.NANOSECONDS);
  }

  /** A write has blocked its thread: give the healthy streams a replacement. */
  void stuck() {
    resize(stuck.incrementAndGet());
  }

  /** A write counted as stuck has returned: its replacement may go. */
  void unstuck() {
    resize(stuck.decrementAndGet());
  }

  private void resize(int blocked) {
    int core = threads + Math.max(0, Math.min(blocked, MAX_EXTRA_WRITERS));
    if (!writers.isShutdown()) {
      if (core > writers.getMaximumPoolSize()) {
        writers.setMaximumPoolSize(core);
      }
      writers.setCorePoolSize(core);
    }
  }

  /** Writer threads now, replacements for blocked writes included. */
  int size() {
    return writers.getCorePoolSize();
  }

  boolean isRunning() {
    return !writers.isShutdown();
  }

  void shutdown() {
    delays.shutdownNow();
    writers.shutdownNow();
  }
}
