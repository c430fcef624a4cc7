package io.livelog.stream.control;

import io.livelog.events.control.EventFilter;
import io.livelog.events.control.JsonFactories;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A resuming subscriber's way through history, a small page at a time (never a copy of all of it):
 * the events after its {@code Last-Event-ID} up to the history snapshot taken when it joined, as
 * frames of at most {@link Chunk#MAX_BYTES} of events, and a {@code gap} frame for every range
 * evicted before it could be read. Pages come from {@link ReplayPages}, shared with subscribers
 * resuming the same range, and are read on the hub's replay readers, never on a writer thread: a
 * page read from the store may take a while (the store's own time budget bounds it), and the
 * writers serve every other stream meanwhile. While a page is being read the subscriber writes
 * nothing (its live events wait behind the replay in its group's ring) and is woken when the page
 * is ready. The frames read ahead are counted in the node's stream memory until written. Live
 * events from the snapshot on reach the subscriber through its group, so together nothing is lost
 * or doubled. A page that got no further (the store's writer is behind) is tried again after a
 * heartbeat until it does, so the replay never ends early.
 */
final class Replay {

  static final int PAGE_EVENTS = 64;

  /** What {@link #next} answers while a page is being read: nothing to write yet. */
  static final Frame PENDING = new Frame(new byte[0], 0, -1);

  private final ReplayPages history;
  private final EventFilter filter;
  private final long end;
  private final StreamMemory memory;
  private final long denseFrom;
  private final Executor readers;
  private final ArrayDeque<Frame> ready = new ArrayDeque<>();
  private Runnable wake = () -> {};
  private long cursor;
  private long held;
  private boolean reading;
  private boolean done;
  private boolean closed;
  private RuntimeException failure;

  /**
   * @param lastEventId the last id the client has
   * @param end the id the next recorded event got when the subscriber joined (exclusive)
   * @param denseFrom the first id of history's current run of consecutive ids: a gap within it has
   *     a known count of events
   * @param readers where pages are read
   */
  Replay(
      ReplayPages history,
      EventFilter filter,
      long lastEventId,
      long end,
      StreamMemory memory,
      long denseFrom,
      Executor readers) {
    this.denseFrom = denseFrom;
    this.history = history;
    this.filter = filter;
    this.cursor = lastEventId;
    this.end = end;
    this.memory = memory;
    this.readers = readers;
  }

  /**
   * What to run when a page is ready (the subscriber's wake-up); before the first {@link #next}.
   */
  synchronized void onReady(Runnable wake) {
    this.wake = wake;
  }

  /**
   * The next frame of the replay; {@link #PENDING} while the next page is being read (the {@link
   * #onReady} callback runs when it is); null when the replay is done. Throws when reading failed.
   */
  synchronized Frame next() {
    if (!ready.isEmpty()) {
      Frame frame = take();
      if (ready.isEmpty()) {
        readAhead();
      }
      return frame;
    }
    if (failure != null) {
      throw failure;
    }
    if (done) {
      return null;
    }
    readAhead();
    return PENDING;
  }

  /** Releases what was read ahead and not written (the subscriber went away). */
  synchronized void close() {
    closed = true;
    ready.clear();
    memory.replay(-held);
    held = 0;
  }

  private void readAhead() {
    if (reading || done || closed || failure != null) {
      return;
    }
    reading = true;
    try {
      readers.execute(this::read);
    } catch (RejectedExecutionException shutDown) {
      reading = false;
      failure = new IllegalStateException("the stream is shutting down", shutDown);
    }
  }

  /** On a reader: pages until one brings frames or a gap, or the replay's range is done. */
  private void read() {
    Runnable then;
    try {
      long at;
      synchronized (this) {
        at = cursor;
      }
      while (true) {
        ReplayPages.Encoded page = at < end - 1 ? history.page(at, end, filter, PAGE_EVENTS) : null;
        synchronized (this) {
          if (closed) {
            return;
          }
          boolean progressed = page != null && page.scannedTo() > at;
          if (page != null) {
            cursor = Math.max(cursor, page.scannedTo());
            at = cursor;
            if (page.missed()) {
              add(gap(page.missedFrom(), page.missedTo(), page.missedFrom() >= denseFrom));
            }
            page.frames().forEach(this::add);
          }
          if (page == null) {
            // the range is read: live events follow
            cursor = end - 1;
            done = true;
            break;
          }
          if (!progressed && ready.isEmpty()) {
            // the store's writer has not committed the next ids yet (the page waited for it):
            // ending here would skip them, so a heartbeat keeps the stream open and it reads on
            add(Frame.ping());
            break;
          }
          if (!ready.isEmpty()) {
            break;
          }
        }
      }
    } catch (RuntimeException e) {
      synchronized (this) {
        failure = e;
      }
    } finally {
      synchronized (this) {
        reading = false;
        then = wake;
      }
    }
    then.run();
  }

  private Frame take() {
    Frame frame = ready.poll();
    held -= frame.size();
    memory.replay(-frame.size());
    return frame;
  }

  private void add(Frame frame) {
    ready.add(frame);
    held += frame.size();
    memory.replay(frame.size());
  }

  /**
   * A {@code gap} frame; {@code missed} only when the count is known (the range lies in one run of
   * consecutive ids, not across a restart where ids jump).
   */
  static Frame gap(long from, long to, boolean countKnown) {
    var data = JsonFactories.object().add("from", Long.toString(from)).add("to", Long.toString(to));
    if (countKnown) {
      data.add("missed", to - from + 1);
    }
    return Frame.event("gap", data.build().toString());
  }
}
