package io.livelog.stream.control;

import io.livelog.events.entity.Recorded;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Hands recorded batches from the relay's thread to the filter groups, off that thread: the groups
 * are spread over a few shard threads by their filter's key, each shard delivers every batch to its
 * groups in order. A group whose delivery fails is reported alone ({@code failed}); a shard that
 * falls more than its share of the memory budget behind drops the batch for its groups and reports
 * itself ({@code overloaded}), whose subscribers then resume from history.
 */
final class FanOut {

  /** One shard: its groups and its queue of batches. */
  static final class Shard {
    final Map<String, FilterGroup> groups = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Batch> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
  }

  private record Batch(List<Recorded> events, long bytes) {}

  private final Shard[] shards;
  private final Thread[] threads;
  private final StreamMemory memory;
  private final long maxQueuedBytes;
  private final BiConsumer<FilterGroup, RuntimeException> failed;
  private final Consumer<Shard> overloaded;
  private final Runnable afterBatch;
  private volatile boolean running = true;

  FanOut(
      int n,
      ThreadFactory threadFactory,
      StreamMemory memory,
      BiConsumer<FilterGroup, RuntimeException> failed,
      Consumer<Shard> overloaded,
      Runnable afterBatch) {
    this.shards = new Shard[n];
    this.threads = new Thread[n];
    this.memory = memory;
    this.maxQueuedBytes = Math.max(256 << 10, memory.budget() / 4 / n);
    this.failed = failed;
    this.overloaded = overloaded;
    this.afterBatch = afterBatch;
    for (int i = 0; i < n; i++) {
      Shard shard = new Shard();
      shards[i] = shard;
      threads[i] = threadFactory.newThread(() -> run(shard));
      threads[i].start();
    }
  }

  Shard shardOf(String key) {
    return shards[Math.floorMod(key.hashCode(), shards.length)];
  }

  Shard[] shards() {
    return shards;
  }

  /** Every group of every shard. */
  Iterable<FilterGroup> groups() {
    return () ->
        java.util.Arrays.stream(shards)
            .map(s -> s.groups.values())
            .flatMap(Collection::stream)
            .iterator();
  }

  /** Queues a batch for every shard that has groups; never blocks the caller. */
  void publish(List<Recorded> events) {
    long bytes = 0;
    for (Recorded event : events) {
      bytes += event.retainedBytes();
    }
    Batch batch = new Batch(events, bytes);
    for (Shard shard : shards) {
      if (shard.groups.isEmpty()) {
        continue;
      }
      if (shard.queuedBytes.get() > maxQueuedBytes) {
        overloaded.accept(shard);
        continue;
      }
      shard.queuedBytes.addAndGet(bytes);
      memory.fanOut(bytes);
      shard.queue.add(batch);
    }
  }

  private void run(Shard shard) {
    while (running) {
      Batch batch;
      try {
        batch = shard.queue.poll(250, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (batch == null) {
        continue;
      }
      for (FilterGroup group : shard.groups.values()) {
        try {
          group.deliver(batch.events());
        } catch (RuntimeException e) {
          failed.accept(group, e);
        }
      }
      shard.queuedBytes.addAndGet(-batch.bytes());
      memory.fanOut(-batch.bytes());
      try {
        afterBatch.run();
      } catch (RuntimeException e) {
        // trimming is tried again after the next batch
      }
    }
  }

  /** Batches waiting, in all shards. */
  int queued() {
    int n = 0;
    for (Shard shard : shards) {
      n += shard.queue.size();
    }
    return n;
  }

  void shutdown() {
    running = false;
    for (Thread thread : threads) {
      thread.interrupt();
    }
  }
}
