package io.livelog.stream.control;

import io.livelog.events.control.EventFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One browser's stream: a queue of shared chunks bounded in bytes, and at most one writer at a
 * time. Events that queue up while a write is under way, or while the write budget holds the next
 * write back, leave together as one {@code logs} batch; an idle subscriber writes an event at once.
 *
 * <p>Backpressure: before each write the sink is asked whether the container can take more without
 * blocking (the servlet's {@code isReady()}); when it cannot, nothing is written and the subscriber
 * waits, so what the container holds for a socket stays within its own bound. A subscriber with
 * more than {@code maxPendingBytes} unsent, or with no write progress for the stall time, is cut.
 * At most one ping and one metric sample, and a few notices (alerts), are ever pending.
 */
public final class Subscriber {

  static final int MAX_BATCH_BYTES = 64 * 1024;
  static final int MAX_NOTICES = 64;

  private final Sink sink;
  private final EventFilter filter;
  private final String session;
  private final String identity;
  private final WriterPool writers;
  private final StreamHub hub;
  private final long maxPendingBytes;
  private final ConcurrentLinkedQueue<Chunk> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicReference<Frame> metric = new AtomicReference<>();
  private final ConcurrentLinkedQueue<Frame> notices = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean pingWanted = new AtomicBoolean();
  private final AtomicBoolean scheduled = new AtomicBoolean(true);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean writing = new AtomicBoolean();
  private final AtomicBoolean closeWanted = new AtomicBoolean();
  private final AtomicBoolean sinkClosed = new AtomicBoolean();
  private final AtomicBoolean stuck = new AtomicBoolean();
  private final Runnable drain = this::drain;
  private volatile List<Frame> preamble = List.of();
  private volatile Replay replay;
  private volatile long lastWriteNanos = System.nanoTime();
  private volatile long writeStartedNanos;
  private volatile long blockedSinceNanos;
  private volatile int lastWriteBytes;
  private volatile boolean lastWriteBlocked;
  private Thread writerThread;
  private long lastSentId;

  Subscriber(
      Sink sink,
      EventFilter filter,
      String session,
      String identity,
      WriterPool writers,
      StreamHub hub,
      long maxPendingBytes) {
    this.sink = sink;
    this.filter = filter;
    this.session = session;
    this.identity = identity;
    this.writers = writers;
    this.hub = hub;
    this.maxPendingBytes = maxPendingBytes;
  }

  /**
   * Starts writing: the preamble (open, latest metric), then the replay if any, then what queued
   * meanwhile, skipping every id up to {@code upTo} (history held those when the subscriber
   * joined).
   */
  void start(List<Frame> frames, Replay fromHistory, long upTo) {
    this.preamble = new ArrayList<>(frames);
    this.replay = fromHistory;
    this.lastSentId = upTo;
    scheduled.set(false);
    schedule(true);
  }

  void offer(Chunk chunk) {
    if (closed.get()) {
      return;
    }
    long pending = queuedBytes.addAndGet(chunk.array().length) + heldByContainer();
    if (pending > maxPendingBytes) {
      hub.overflowed(this);
      return;
    }
    queue.offer(chunk);
    schedule(false);
  }

  /** The newest health sample replaces one not yet written. */
  void offerMetric(Frame frame) {
    if (!closed.get()) {
      metric.set(frame);
      schedule(false);
    }
  }

  /**
   * A named event every subscriber gets once (an alert); false when {@value #MAX_NOTICES} are
   * already pending.
   */
  boolean offerNotice(Frame frame) {
    if (closed.get()) {
      return true;
    }
    if (notices.size() >= MAX_NOTICES) {
      return false;
    }
    notices.add(frame);
    schedule(false);
    return true;
  }

  /** A heartbeat, unless one is already pending. */
  void ping() {
    if (!closed.get() && pingWanted.compareAndSet(false, true)) {
      schedule(true);
    }
  }

  /** Asks the sink again, after it could not take more. */
  void retry() {
    schedule(true);
  }

  private long heldByContainer() {
    return blockedSinceNanos != 0 ? lastWriteBytes : 0;
  }

  private void schedule(boolean now) {
    if (!scheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      long wait = now ? 0 : lastWriteNanos + hub.writeIntervalNanos() - System.nanoTime();
      if (wait <= 0) {
        writers.execute(drain);
      } else {
        writers.executeAfter(drain, wait);
      }
    } catch (RuntimeException rejected) {
      scheduled.set(false);
      hub.gone(this);
    }
  }

  private boolean hasWork() {
    return !preamble.isEmpty()
        || replay != null
        || metric.get() != null
        || !notices.isEmpty()
        || pingWanted.get()
        || !queue.isEmpty();
  }

  private void drain() {
    try {
      while (!closed.get()) {
        if (!hasWork()) {
          scheduled.set(false);
          if (!hasWork() || !scheduled.compareAndSet(false, true)) {
            return;
          }
          continue;
        }
        if (!sink.writable()) {
          if (blockedSinceNanos == 0) {
            blockedSinceNanos = System.nanoTime();
          }
          scheduled.set(false);
          return;
        }
        blockedSinceNanos = 0;
        Frame frame = nextFrame();
        if (frame == null) {
          continue;
        }
        CompletableFuture<?> done = send(frame).toCompletableFuture();
        if (!done.isDone()) {
          done.whenComplete((ok, failure) -> afterAsyncWrite(failure));
          return;
        }
        if (done.isCompletedExceptionally()) {
          failed();
          return;
        }
      }
    } catch (RuntimeException e) {
      hub.gone(this);
    }
  }

  /**
   * A write failed: the client went away, or the container gave up on a write that had blocked (its
   * write timeout) because the client stopped reading, which counts as an overflow.
   */
  private void failed() {
    if (lastWriteBlocked) {
      hub.overflowed(this);
    } else {
      hub.gone(this);
    }
  }

  private void afterAsyncWrite(Throwable failure) {
    if (failure != null) {
      failed();
    } else {
      writers.execute(drain);
    }
  }

  /**
   * The next frame to write, in order: preamble, replay, metric, notices, ping, then a batch of
   * events.
   */
  private Frame nextFrame() {
    List<Frame> frames = preamble;
    if (!frames.isEmpty()) {
      Frame first = frames.get(0);
      preamble = frames.subList(1, frames.size());
      return first;
    }
    Replay from = replay;
    if (from != null) {
      Frame page = from.next();
      if (page != null) {
        return page;
      }
      replay = null;
    }
    Frame sample = metric.getAndSet(null);
    if (sample != null) {
      return sample;
    }
    Frame notice = notices.poll();
    if (notice != null) {
      return notice;
    }
    if (pingWanted.compareAndSet(true, false) && queue.isEmpty()) {
      return Frame.ping();
    }
    return batch();
  }

  /** Everything queued, up to the batch size, as one {@code logs} frame; null when all was sent. */
  private Frame batch() {
    List<Chunk> chunks = new ArrayList<>();
    int bytes = 0;
    int events = 0;
    Chunk chunk;
    while (bytes < MAX_BATCH_BYTES && (chunk = queue.poll()) != null) {
      queuedBytes.addAndGet(-chunk.array().length);
      if (chunk.lastId() <= lastSentId) {
        continue;
      }
      Chunk fresh = chunk.after(lastSentId);
      chunks.add(fresh);
      bytes += fresh.innerLength();
      events += fresh.size();
      lastSentId = fresh.lastId();
    }
    if (chunks.isEmpty()) {
      return null;
    }
    hub.delivered(events);
    return Frame.logs(Long.toString(lastSentId), Payload.of(chunks));
  }

  private CompletionStage<?> send(Frame frame) {
    long now = System.nanoTime();
    lastWriteNanos = now;
    writeStartedNanos = now;
    lastWriteBytes = frame.size();
    synchronized (this) {
      writerThread = Thread.currentThread();
    }
    writing.set(true);
    writers.writing(this);
    try {
      return sink.send(frame);
    } finally {
      synchronized (this) {
        writerThread = null;
      }
      writers.written(this);
      // an interrupt meant to free this write must not reach the thread's next task
      Thread.interrupted();
      writeStartedNanos = 0;
      writing.set(false);
      lastWriteBlocked = stuck.get();
      if (stuck.compareAndSet(true, false)) {
        writers.unstuck();
      }
      if (closeWanted.get()) {
        closeSinkOnce();
      }
    }
  }

  /**
   * Frees a writer thread that the container holds in a write to a client that stopped reading: the
   * container then fails the write and closes the connection, which releases what it buffered.
   */
  void interruptWrite() {
    synchronized (this) {
      if (writerThread != null) {
        writerThread.interrupt();
      }
    }
  }

  /** Marks this subscriber closed; true only for the first caller. */
  boolean markClosed() {
    return closed.compareAndSet(false, true);
  }

  /**
   * Closes the sink, unless a write to it is under way: Jersey closes under the lock its write
   * holds. Then the writer closes the sink when its write returns, and the caller (the hub's one
   * closer thread) moves on to the next close instead of waiting behind it.
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

  /** Events still queued, for the drop count when the subscriber goes. */
  int pendingEvents() {
    int events = 0;
    for (Chunk chunk : queue) {
      events += chunk.size();
    }
    return events;
  }

  long pendingBytes() {
    return queuedBytes.get() + heldByContainer();
  }

  /**
   * How long this subscriber has made no write progress although it has something to write: its
   * sink refused more, or one write has not returned. 0 when it is making progress.
   */
  long stalledNanos(long now) {
    long blocked = blockedSinceNanos;
    long started = writeStartedNanos;
    long since = blocked != 0 ? blocked : started;
    if (blocked != 0 && started != 0) {
      since = Math.min(blocked, started);
    }
    return since == 0 ? 0 : now - since;
  }

  boolean isBlocked() {
    return blockedSinceNanos != 0;
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

  long idleNanos(long now) {
    return now - lastWriteNanos;
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

  String identity() {
    return identity;
  }
}
