package io.livelog.cluster.control;

import io.livelog.events.control.PreparedEvent;
import io.livelog.events.control.QueueBound;
import io.livelog.stats.control.Counters;
import io.livelog.stats.control.Counters.Drop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Appends this node's prepared events to the cluster's log from one thread, in the order they were
 * submitted, as few grid calls as possible: everything queued meanwhile goes in one append. Each
 * submission's future completes once the grid stored it with its backup, with the grid's sequence
 * of its last event (-1 when it failed), which is what an acknowledged ingest waits for. The queue
 * is bounded in events and in bytes ({@code livelog.relay.maxBytes}, as the single node's relay
 * queue).
 */
final class GridAppender {

  private static final int MAX_APPEND = 4096;

  private record Pending(List<PreparedEvent> events, long bytes, CompletableFuture<Long> stored) {}

  private final Grid grid;
  private final Counters counters;
  private final long timeoutMillis;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final QueueBound bound;
  private final LongAdder appended = new LongAdder();

  GridAppender(Grid grid, Counters counters, int capacity, long maxBytes, long timeoutMillis) {
    this.grid = grid;
    this.counters = counters;
    this.bound = new QueueBound(capacity, maxBytes);
    this.timeoutMillis = timeoutMillis;
  }

  /** Queues the events ({@code bytes} in all); null when the queue cannot take them all. */
  CompletableFuture<Long> submit(List<PreparedEvent> events, long bytes) {
    if (!bound.reserve(events.size(), bytes)) {
      return null;
    }
    Pending pending = new Pending(events, bytes, new CompletableFuture<>());
    queue.offer(pending);
    return pending.stored();
  }

  /** Takes what is queued (waiting at most 250 ms for the first) and appends it in one call. */
  void step() throws InterruptedException {
    Pending first = queue.poll(250, TimeUnit.MILLISECONDS);
    if (first == null) {
      return;
    }
    List<Pending> batch = new ArrayList<>();
    batch.add(first);
    int events = first.events().size();
    long bytes = first.bytes();
    while (events < MAX_APPEND && queue.peek() != null) {
      Pending next = queue.poll();
      batch.add(next);
      events += next.events().size();
      bytes += next.bytes();
    }
    List<String> bodies = new ArrayList<>(events);
    for (Pending pending : batch) {
      for (PreparedEvent event : pending.events()) {
        bodies.add(event.body());
      }
    }
    bound.release(events, 0);
    boolean stored;
    long last = -1;
    try {
      last = grid.append(bodies, timeoutMillis);
      stored = true;
      appended.add(events);
      counters.eventsIn(events);
    } catch (InterruptedException e) {
      bound.release(0, bytes);
      fail(batch, events);
      throw e;
    } catch (Exception e) {
      stored = false;
      fail(batch, events);
    }
    bound.release(0, bytes);
    if (stored) {
      // the bodies went in as consecutive sequences ending at last
      long sequence = last - events;
      for (Pending pending : batch) {
        sequence += pending.events().size();
        pending.stored().complete(sequence);
      }
    }
  }

  private void fail(List<Pending> batch, int events) {
    counters.drop(Drop.clusterUnavailable, events);
    for (Pending pending : batch) {
      pending.stored().complete(-1L);
    }
  }

  int queued() {
    return bound.events();
  }

  /** What the queued events hold, until the grid has taken them. */
  long queuedBytes() {
    return bound.bytes();
  }

  long appended() {
    return appended.sum();
  }
}
