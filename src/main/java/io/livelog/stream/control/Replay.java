package io.livelog.stream.control;

import io.livelog.events.control.EventFilter;
import io.livelog.events.control.HistoryBuffer.Page;
import io.livelog.events.control.JsonFactories;

/**
 * A resuming subscriber's way through history, a page at a time (never a copy of all of it): the
 * events after its {@code Last-Event-ID} up to the history snapshot taken when it joined, and a
 * {@code gap} frame for every range evicted before it could be read. Live events from the snapshot
 * on reach the subscriber through its queue, so together nothing is lost or doubled.
 */
final class Replay {

  static final int PAGE_EVENTS = 1000;

  /** Where the replay reads its pages: the ring, or the ring with the store behind it. */
  interface Pages {
    Page page(long afterId, long before, EventFilter filter, int limit);
  }

  private final Pages history;
  private final EventFilter filter;
  private final long end;
  private long cursor;
  private Chunk waiting;

  /**
   * @param lastEventId the last id the client has
   * @param end the id the next recorded event got when the subscriber joined (exclusive)
   */
  Replay(Pages history, EventFilter filter, long lastEventId, long end) {
    this.history = history;
    this.filter = filter;
    this.cursor = lastEventId;
    this.end = end;
  }

  /** The next frame of the replay, or null when it is done. */
  Frame next() {
    if (waiting != null) {
      Chunk chunk = waiting;
      waiting = null;
      return Frame.logs(Long.toString(chunk.lastId()), Payload.of(java.util.List.of(chunk)));
    }
    while (cursor < end - 1) {
      Page page = history.page(cursor, end, filter, PAGE_EVENTS);
      cursor = Math.max(cursor, page.scannedTo());
      Chunk chunk = page.events().isEmpty() ? null : Chunk.of(page.events());
      if (page.missed()) {
        waiting = chunk;
        return gap(page.missedFrom(), page.missedTo());
      }
      if (chunk != null) {
        return Frame.logs(Long.toString(chunk.lastId()), Payload.of(java.util.List.of(chunk)));
      }
      if (page.scannedTo() >= end - 1 || page.events().isEmpty() && !page.missed()) {
        break;
      }
    }
    cursor = end - 1;
    return null;
  }

  static Frame gap(long from, long to) {
    String data =
        JsonFactories.object()
            .add("from", Long.toString(from))
            .add("to", Long.toString(to))
            .add("missed", to - from + 1)
            .build()
            .toString();
    return Frame.event("gap", null, data);
  }
}
