package io.livelog.stream.control;

import io.livelog.events.control.EventFilter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One browser's stream: a bounded queue of frames and at most one writer at a time. Events that
 * queue up while a write is under way leave together in the next write, as one {@code logs} batch;
 * an idle subscriber writes an event at once. A subscriber that falls more than {@code maxPending}
 * events behind is cut off rather than allowed to grow.
 */
public final class Subscriber {

  private static final int MAX_BATCH_EVENTS = 2000;
  private static final int MAX_BATCH_CHARS = 512 * 1024;

  private final Sink sink;
  private final EventFilter filter;
  private final String session;
  private final Executor writers;
  private final StreamHub hub;
  private final int maxPending;
  private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicBoolean scheduled = new AtomicBoolean(true);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean writing = new AtomicBoolean();
  private final AtomicBoolean closeWanted = new AtomicBoolean();
  private final AtomicBoolean sinkClosed = new AtomicBoolean();
  private volatile List<Object> preamble = List.of();
  private volatile long lastWriteNanos = System.nanoTime();
  private volatile long writeStartedNanos;
  private final AtomicBoolean stuck = new AtomicBoolean();
  private long lastSentId;

  Subscriber(
      Sink sink,
      EventFilter filter,
      String session,
      Executor writers,
      StreamHub hub,
      int maxPending) {
    this.sink = sink;
    this.filter = filter;
    this.session = session;
    this.writers = writers;
    this.hub = hub;
    this.maxPending = maxPending;
  }

  /** Starts writing: first the preamble (retry, gap, replay), then what queued meanwhile. */
  void start(List<Object> frames, long replayedUpTo) {
    this.preamble = frames;
    this.lastSentId = replayedUpTo;
    scheduled.set(false);
    schedule();
  }

  void offer(Chunk chunk) {
    if (closed.get()) {
      return;
    }
    if (pending.addAndGet(chunk.size()) > maxPending) {
      hub.overflowed(this);
      return;
    }
    queue.offer(chunk);
    schedule();
  }

  void offer(Frame frame) {
    if (closed.get()) {
      return;
    }
    queue.offer(frame);
    schedule();
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        writers.execute(this::drain);
      } catch (RuntimeException rejected) {
        scheduled.set(false);
        hub.gone(this);
      }
    }
  }

  private void drain() {
    try {
      while (!closed.get()) {
        CompletionStage<?> write = writeNext();
        if (write == null) {
          scheduled.set(false);
          if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
            return;
          }
          continue;
        }
        CompletableFuture<?> done = write.toCompletableFuture();
        if (!done.isDone()) {
          done.whenComplete((ok, failure) -> afterAsyncWrite(failure));
          return;
        }
        if (done.isCompletedExceptionally()) {
          hub.gone(this);
          return;
        }
      }
    } catch (RuntimeException e) {
      hub.gone(this);
    }
  }

  private void afterAsyncWrite(Throwable failure) {
    if (failure != null) {
      hub.gone(this);
    } else {
      writers.execute(this::drain);
    }
  }

  /** Writes the next frame or batch; null when there is nothing to write. */
  private CompletionStage<?> writeNext() {
    if (!preamble.isEmpty()) {
      Object frame = preamble.get(0);
      preamble = preamble.subList(1, preamble.size());
      return frame instanceof Chunk chunk ? send(batch(List.of(chunk))) : send(frame);
    }
    Object head = queue.peek();
    if (head == null) {
      return null;
    }
    if (!(head instanceof Chunk)) {
      queue.poll();
      return send(head);
    }
    java.util.ArrayList<Chunk> chunks = new java.util.ArrayList<>();
    int events = 0;
    int chars = 0;
    int polled = 0;
    while (queue.peek() instanceof Chunk chunk
        && events < MAX_BATCH_EVENTS
        && chars < MAX_BATCH_CHARS) {
      queue.poll();
      polled += chunk.size();
      if (chunk.lastId() <= lastSentId) {
        continue;
      }
      Chunk fresh = chunk.after(lastSentId);
      chunks.add(fresh);
      events += fresh.size();
      chars += fresh.innerLength();
      lastSentId = fresh.lastId();
    }
    pending.addAndGet(-polled);
    if (chunks.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return send(batch(chunks));
  }

  /** One {@code logs} frame of the chunks: a single chunk's bytes as they are, else joined. */
  private Frame batch(List<Chunk> chunks) {
    int count = 0;
    byte[] data;
    if (chunks.size() == 1) {
      data = chunks.get(0).array();
      count = chunks.get(0).size();
    } else {
      int size = 1;
      for (Chunk chunk : chunks) {
        size += chunk.innerLength() + 1;
        count += chunk.size();
      }
      data = new byte[size];
      data[0] = '[';
      int at = 1;
      for (Chunk chunk : chunks) {
        if (at > 1) {
          data[at++] = ',';
        }
        System.arraycopy(chunk.array(), 1, data, at, chunk.innerLength());
        at += chunk.innerLength();
      }
      data[at] = ']';
    }
    long lastId = chunks.get(chunks.size() - 1).lastId();
    lastSentId = Math.max(lastSentId, lastId);
    hub.delivered(count);
    return Frame.event("logs", Long.toString(lastId), data);
  }

  private CompletionStage<?> send(Object frame) {
    lastWriteNanos = System.nanoTime();
    writeStartedNanos = lastWriteNanos;
    writing.set(true);
    try {
      return sink.send((Frame) frame);
    } finally {
      writeStartedNanos = 0;
      writing.set(false);
      if (stuck.compareAndSet(true, false)) {
        hub.unstuck();
      }
      if (closeWanted.get()) {
        closeSinkOnce();
      }
    }
  }

  /** Marks this subscriber closed; true only for the first caller. */
  boolean markClosed() {
    return closed.compareAndSet(false, true);
  }

  /**
   * Closes the sink, unless a write to it is under way: Jersey closes under the lock its write
   * holds, and a write to a client that stopped reading blocks until the container's write timeout.
   * Then the writer closes the sink when its write returns, and the caller (the hub's one closer
   * thread) moves on to the next close instead of waiting behind it.
   */
  void closeSink() {
    closeWanted.set(true);
    if (!writing.get()) {
      closeSinkOnce();
    }
  }

  private void closeSinkOnce() {
    if (!sinkClosed.compareAndSet(false, true)) {
      return;
    }
    try {
      sink.close();
    } catch (RuntimeException ignored) {
      // the connection is already gone
    }
  }

  int pending() {
    return pending.get();
  }

  /**
   * Marks this subscriber's write as stuck when it has blocked its writer thread for longer than
   * {@code nanos}; true only once per stuck write.
   */
  boolean markStuckAfter(long nanos, long now) {
    long started = writeStartedNanos;
    return started != 0 && now - started > nanos && stuck.compareAndSet(false, true);
  }

  /** Clears a stuck mark left behind (the subscriber went away); true when there was one. */
  boolean clearStuck() {
    return stuck.compareAndSet(true, false);
  }

  long idleNanos() {
    return System.nanoTime() - lastWriteNanos;
  }

  boolean isClosed() {
    return closed.get() || sink.isClosed();
  }

  EventFilter filter() {
    return filter;
  }

  String session() {
    return session;
  }
}
