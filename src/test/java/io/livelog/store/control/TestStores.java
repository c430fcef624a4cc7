package io.livelog.store.control;

import io.livelog.events.control.Histories;
import io.livelog.stats.control.Counters;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadFactory;

/** An {@link EventStore} on an H2 file, opened outside a container as the container would. */
final class TestStores {

  private TestStores() {}

  /**
   * A store in {@code dir} (node n1, commits acknowledged, no retention) whose writer runs on a
   * thread of {@code threads}; opened.
   */
  static EventStore embedded(
      Path dir, long queueBytes, long minFreeBytes, Counters counters, ThreadFactory threads) {
    EventStore store = new EventStore();
    store.enabled = true;
    store.dir = Optional.of(dir.toString());
    store.datasource = Optional.empty();
    store.ack = "commit";
    store.maxBytes = Long.MAX_VALUE;
    store.maxAgeHours = 1_000_000;
    store.minFreeBytes = minFreeBytes;
    store.queueBytes = queueBytes;
    store.node = Histories.node("n1");
    store.counters = counters;
    store.threadFactory =
        new ManagedThreadFactory() {
          @Override
          public Thread newThread(Runnable r) {
            return threads.newThread(r);
          }

          @Override
          public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
            throw new UnsupportedOperationException();
          }
        };
    store.open();
    return store;
  }

  /** Retention that deletes all it must in one call, whatever the machine's speed. */
  static Retention untimed(long maxBytes, long maxAgeMillis, StoreState state) {
    return untimed(maxBytes, maxAgeMillis, state, null);
  }

  static Retention untimed(
      long maxBytes, long maxAgeMillis, StoreState state, Partitions partitions) {
    return new Retention(
        maxBytes, maxAgeMillis, state, partitions, Long.MAX_VALUE, Retention.EMBEDDED_CHUNK);
  }
}
