package io.livelog.stream.control;

import io.livelog.events.control.EventFilter;
import io.livelog.events.control.JsonFactories;
import java.util.ArrayDeque;

/**
 * A resuming subscriber's way through history, a small page at a time (never a copy of all of it):
 * the events after its {@code Last-Event-ID} up to the history snapshot taken when it joined, as
 * frames of at most {@link Chunk#MAX_BYTES} of events, and a {@code gap} frame for every range
 * evicted before it could be read. Pages come from {@link ReplayPages}, shared with subscribers
 * resuming the same range. The frames read ahead are counted in the node's stream memory until
 * written. Live events from the snapshot on reach the subscriber through its group, so together
 * nothing is lost or doubled. A page that got no further (the store's writer is behind) is tried
 * again after a heartbeat until it does, so the replay never ends early.
 */
final class Replay {

  static final int PAGE_EVENTS = 64;

  private final ReplayPages history;
  private final EventFilter filter;
  private final long end;
  private final StreamMemory memory;
  private final long denseFrom;
  private final ArrayDeque<Frame> ready = new ArrayDeque<>();
  private long cursor;
  private long held;

  /**
   * @param lastEventId the last id the client has
   * @param end the id the next recorded event got when the subscriber joined (exclusive)
   * @param denseFrom the first id of history's current run of consecutive ids: a gap within it has
   *     a known count of events
   */
  Replay(
      ReplayPages history,
      EventFilter filter,
      long lastEventId,
      long end,
      StreamMemory memory,
      long denseFrom) {
    this.denseFrom = denseFrom;
    this.history = history;
    this.filter = filter;
    this.cursor = lastEventId;
    this.end = end;
    this.memory = memory;
  }

  /** The next frame of the replay, or null when it is done. */
  Frame next() {
    if (!ready.isEmpty()) {
      return take();
    }
    while (cursor < end - 1) {
      long from = cursor;
      ReplayPages.Encoded page = history.page(cursor, end, filter, PAGE_EVENTS);
      cursor = Math.max(cursor, page.scannedTo());
      page.frames().forEach(this::add);
      if (page.missed()) {
        return gap(page.missedFrom(), page.missedTo(), page.missedFrom() >= denseFrom);
      }
      if (!ready.isEmpty()) {
        return take();
      }
      if (cursor == from) {
        // the store's writer has not committed the next ids yet (the page waited for it): ending
        // here would skip them, so a heartbeat keeps the stream open and the next call reads on
        return Frame.ping();
      }
    }
    cursor = end - 1;
    return null;
  }

  /** Releases what was read ahead and not written (the subscriber went away). */
  void close() {
    ready.clear();
    memory.replay(-held);
    held = 0;
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
