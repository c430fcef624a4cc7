package io.livelog.stream.control;

import io.livelog.events.control.EventFilter;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One browser's stream: its place in its {@link FilterGroup}'s ring, what it has to say besides
 * events (preamble, replay, metric, notices, ping), and a drain that writes to a non-blocking
 * {@link Sink} as long as the sink can take more, then parks until the container says it can write
 * again. At most one drain runs at a time (a work counter: every wake-up while it runs makes it
 * look again), on the hub's few writer threads; nothing ever blocks a thread on a socket. Events
 * that arrive while a write is under way, or while the subscriber is parked, leave together as one
 * {@code logs} frame of at most {@link #FRAME_BYTES}; an idle subscriber writes an event at once.
 *
 * <p>A subscriber is cut when its place falls off its group's ring (it is more than the ring's
 * bytes behind) or when it accepted no byte for the stall time while it had something to write.
 */
public final class Subscriber {

  /** The states of a subscriber. */
  enum State {
    /** Registered; waits for the container's first "can write". */
    OPENING,
    /** Writing, or ready to. */
    OPEN,
    /** Removed from the hub; its sink is closed by the next drain. */
    CLOSED
  }

  static final int FRAME_BYTES = 32 * 1024;
  static final int WRITE_BYTES = 32 * 1024;
  static final int MAX_NOTICES = 64;

  private final Sink sink;
  private final EventFilter filter;
  private final String session;
  private final String identity;
  private final Executor writers;
  private final StreamHub hub;
  private final AtomicInteger wip = new AtomicInteger();
  private final AtomicReference<State> state = new AtomicReference<>(State.OPENING);
  private final AtomicReference<Frame> metric = new AtomicReference<>();
  private final ConcurrentLinkedQueue<Frame> notices = new ConcurrentLinkedQueue<>();
  private final AtomicInteger noticeCount = new AtomicInteger();
  private final AtomicBoolean pingWanted = new AtomicBoolean();
  private final Runnable drain = this::drain;
  private final ArrayDeque<Frame> preamble = new ArrayDeque<>();
  private volatile FilterGroup group;
  private volatile long seq;
  private volatile long consumed;
  private volatile boolean parked;
  private volatile long parkedSince = System.nanoTime();
  private volatile long lastWriteNanos = System.nanoTime();
  private Replay replay;
  private long lastSentId;
  private Frame current;

  /** The drain's scratch space for the chunks of one frame (one drain at a time). */
  private Chunk[] parts = new Chunk[4];

  private int[] starts = new int[4];
  private int written;
  private boolean needsFlush;
  private boolean sinkClosed;

  Subscriber(
      Sink sink,
      EventFilter filter,
      String session,
      String identity,
      Executor writers,
      StreamHub hub) {
    this.sink = sink;
    this.filter = filter;
    this.session = session;
    this.identity = identity;
    this.writers = writers;
    this.hub = hub;
  }

  /** Places this subscriber at a ring position of its group; under the group's lock. */
  void placeAt(FilterGroup group, long seq, long events) {
    this.group = group;
    this.seq = seq;
    this.consumed = events;
  }

  /**
   * What to write first: the preamble (open, latest metric), then the replay if any, then live
   * events after {@code lastSentId} (history held everything up to it when the subscriber joined,
   * or the client already has it). Called once, before the sink is opened.
   */
  void start(List<Frame> frames, Replay fromHistory, long lastSentId) {
    preamble.addAll(frames);
    this.replay = fromHistory;
    if (fromHistory != null) {
      fromHistory.onReady(this::wake);
    }
    this.lastSentId = lastSentId;
  }

  /** The container can take more (the first time: the stream may begin). */
  public void writePossible() {
    state.compareAndSet(State.OPENING, State.OPEN);
    parked = false;
    signal();
  }

  /** Cuts this subscriber as one that cannot be served (counted); it resumes from history. */
  void cut() {
    hub.overflowed(this);
  }

  /** The container reports the client gone, or the response failed. */
  public void failed() {
    hub.gone(this);
  }

  /** New events in the group's ring: writes them unless parked (then the container wakes it). */
  void wake() {
    if (!parked && state.get() == State.OPEN) {
      signal();
    }
  }

  /** The newest health sample replaces one not yet written. */
  void offerMetric(Frame frame) {
    metric.set(frame);
    wake();
  }

  /** A named event every subscriber gets once (an alert); false when too many are pending. */
  boolean offerNotice(Frame frame) {
    if (noticeCount.incrementAndGet() > MAX_NOTICES) {
      noticeCount.decrementAndGet();
      return false;
    }
    notices.add(frame);
    wake();
    return true;
  }

  /** Tries a parked subscriber again (the tick's safety net for a lost write-possible notice). */
  void retry() {
    if (state.get() == State.OPEN) {
      signal();
    }
  }

  /** A heartbeat, unless one is already pending. */
  void ping() {
    if (pingWanted.compareAndSet(false, true)) {
      wake();
    }
  }

  /** Marks this subscriber closed; true only for the first caller. */
  boolean markClosed() {
    return state.getAndSet(State.CLOSED) != State.CLOSED;
  }

  /** Has the next drain close the sink (the only thread that touches it). */
  void closeSink() {
    signal();
  }

  private void signal() {
    if (wip.getAndIncrement() == 0) {
      try {
        writers.execute(drain);
      } catch (RejectedExecutionException shutDown) {
        closeSinkOnce();
      }
    }
  }

  private void drain() {
    int missed = 1;
    try {
      while (true) {
        step();
        missed = wip.addAndGet(-missed);
        if (missed == 0) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      hub.gone(this);
      closeSinkOnce();
    }
  }

  private void step() throws IOException {
    State now = state.get();
    if (now == State.CLOSED) {
      closeSinkOnce();
      return;
    }
    if (now == State.OPENING) {
      return;
    }
    while (state.get() == State.OPEN) {
      if (current == null) {
        current = nextFrame();
        written = 0;
        if (current == null) {
          if (needsFlush) {
            if (!sink.ready()) {
              park();
              return;
            }
            sink.flush();
            needsFlush = false;
            progressed();
            continue;
          }
          return;
        }
      }
      if (!sink.ready()) {
        park();
        return;
      }
      int length = Math.min(WRITE_BYTES, current.size() - written);
      sink.write(current.bytes(), written, length);
      written += length;
      needsFlush = true;
      progressed();
      if (written == current.size()) {
        if (current.events() > 0) {
          hub.delivered(current.events());
        }
        current = null;
      }
    }
  }

  private void park() {
    if (!parked) {
      parkedSince = System.nanoTime();
      parked = true;
    }
  }

  private void progressed() {
    long now = System.nanoTime();
    lastWriteNanos = now;
    parked = false;
  }

  /**
   * The next frame to write, in order: preamble, replay, metric, notices, ping, then a batch of
   * events; null when there is nothing to write.
   */
  private Frame nextFrame() {
    Frame first = preamble.poll();
    if (first != null) {
      return first;
    }
    if (replay != null) {
      Frame page = replay.next();
      if (page == Replay.PENDING) {
        return null; // the replay's reader wakes this subscriber when the page is ready
      }
      if (page != null) {
        return page;
      }
      replay.close();
      replay = null;
    }
    Frame sample = metric.getAndSet(null);
    if (sample != null) {
      return sample;
    }
    Frame notice = notices.poll();
    if (notice != null) {
      noticeCount.decrementAndGet();
      return notice;
    }
    Frame logs = nextLogs();
    if (logs != null) {
      pingWanted.set(false);
      return logs;
    }
    return pingWanted.compareAndSet(true, false) ? Frame.ping() : null;
  }

  /**
   * The events after this subscriber's place in the ring, up to {@link #FRAME_BYTES}: the shared
   * frame of one chunk as it is, or the chunks' events joined into one frame.
   */
  private Frame nextLogs() {
    FilterGroup from = group;
    long head = from.head();
    int count = 0;
    int bytes = 0;
    long at = seq;
    long eventsDone = consumed;
    while (at < head) {
      Chunk chunk = from.at(at);
      if (chunk == null) {
        hub.overflowed(this);
        return null;
      }
      int index = chunk.indexAfter(lastSentId);
      int length = chunk.dataEnd() - chunk.dataOffset(index);
      if (index < chunk.size() && count > 0 && bytes + length + 1 > FRAME_BYTES) {
        break;
      }
      at++;
      eventsDone = chunk.eventsAfter();
      if (index == chunk.size()) {
        continue;
      }
      if (count == parts.length) {
        parts = java.util.Arrays.copyOf(parts, count * 2);
        starts = java.util.Arrays.copyOf(starts, count * 2);
      }
      parts[count] = chunk;
      starts[count] = index;
      count++;
      bytes += length + 1;
    }
    seq = at;
    consumed = eventsDone;
    if (count == 0) {
      return null;
    }
    lastSentId = parts[count - 1].lastId();
    Frame frame =
        count == 1 && starts[0] == 0 ? parts[0].frame() : Chunk.join(parts, starts, count);
    // the drain's scratch arrays must not pin chunks the ring let go
    java.util.Arrays.fill(parts, 0, count, null);
    return frame;
  }

  private void closeSinkOnce() {
    if (sinkClosed) {
      return;
    }
    sinkClosed = true;
    hub.close(sink);
    if (replay != null) {
      replay.close();
      replay = null;
    }
  }

  /** Whether this subscriber's place fell off its group's ring: it is too far behind. */
  boolean fellBehind() {
    FilterGroup from = group;
    return from != null && seq < from.tail();
  }

  /** Events appended to its group that it has not taken yet, for the drop count when it goes. */
  long pendingEvents() {
    FilterGroup from = group;
    return from == null ? 0 : Math.max(0, from.events() - consumed);
  }

  /**
   * How long this subscriber has accepted no byte while it had something to write (or waited for
   * the container's first "can write"); 0 when it is not parked.
   */
  long stalledNanos(long now) {
    return parked || state.get() == State.OPENING ? now - parkedSince : 0;
  }

  boolean isParked() {
    return parked;
  }

  long idleNanos(long now) {
    return now - lastWriteNanos;
  }

  boolean isClosed() {
    return state.get() == State.CLOSED;
  }

  State state() {
    return state.get();
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
