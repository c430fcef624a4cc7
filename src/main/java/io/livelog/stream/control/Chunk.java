package io.livelog.stream.control;

import io.livelog.events.entity.Recorded;
import java.util.List;

/**
 * Consecutive events that matched one filter, encoded once for every subscriber of that filter as a
 * whole {@code logs} frame: a subscriber whose next frame is exactly this chunk writes these very
 * bytes. It keeps the events' ids and where each one ends, not the events themselves, so a chunk
 * waiting for a slow subscriber pins no {@link Recorded} after history let it go.
 */
final class Chunk {

  /** Events are joined into one chunk up to this many bytes (one larger event is a chunk alone). */
  static final int MAX_BYTES = 16 * 1024;

  private final Frame frame;
  private final long[] ids;

  /** Where each event's JSON ends in the frame's bytes (exclusive). */
  private final int[] ends;

  private final int dataFrom;

  /** Events appended to the group before this chunk (its place in the group's count). */
  private final long eventsBefore;

  private Chunk(Frame frame, long[] ids, int[] ends, int dataFrom, long eventsBefore) {
    this.frame = frame;
    this.ids = ids;
    this.ends = ends;
    this.dataFrom = dataFrom;
    this.eventsBefore = eventsBefore;
  }

  static Chunk of(List<Recorded> events) {
    return of(events, 0);
  }

  /** A chunk of these events, already encoded; at least one event. */
  static Chunk of(List<Recorded> events, long eventsBefore) {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a chunk holds at least one event");
    }
    long lastId = events.get(events.size() - 1).id();
    byte[] header = Frame.logsHeader(lastId);
    int size = header.length + Frame.LOGS_TRAILER.length - 1;
    for (Recorded event : events) {
      size += event.utf8().length + 1;
    }
    byte[] bytes = new byte[size];
    System.arraycopy(header, 0, bytes, 0, header.length);
    long[] ids = new long[events.size()];
    int[] ends = new int[events.size()];
    int at = header.length;
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        bytes[at++] = ',';
      }
      byte[] json = events.get(i).utf8();
      System.arraycopy(json, 0, bytes, at, json.length);
      at += json.length;
      ids[i] = events.get(i).id();
      ends[i] = at;
    }
    System.arraycopy(Frame.LOGS_TRAILER, 0, bytes, at, Frame.LOGS_TRAILER.length);
    return new Chunk(new Frame(bytes, ids.length, lastId), ids, ends, header.length, eventsBefore);
  }

  /** The whole chunk as one frame. */
  Frame frame() {
    return frame;
  }

  int size() {
    return ids.length;
  }

  long firstId() {
    return ids[0];
  }

  long lastId() {
    return ids[ids.length - 1];
  }

  long eventsBefore() {
    return eventsBefore;
  }

  long eventsAfter() {
    return eventsBefore + ids.length;
  }

  /** The index of the first event with an id above {@code id}; {@link #size()} when none. */
  int indexAfter(long id) {
    if (ids[0] > id) {
      return 0;
    }
    int i = 0;
    while (i < ids.length && ids[i] <= id) {
      i++;
    }
    return i;
  }

  /** The bytes of the events from {@code index} on, joined with commas, in the frame's array. */
  int dataOffset(int index) {
    return index == 0 ? dataFrom : ends[index - 1] + 1;
  }

  int dataEnd() {
    return ends[ends.length - 1];
  }

  byte[] bytes() {
    return frame.bytes();
  }

  /** What holding this chunk costs the heap, roughly, in bytes. */
  long retainedBytes() {
    return frame.bytes().length + 12L * ids.length + 96;
  }

  /**
   * One {@code logs} frame of several chunks' events, each from its start index on (at least one
   * event each), joined with commas: the one copy a subscriber makes when events queued up for it.
   */
  static Frame join(Chunk[] chunks, int[] starts, int count) {
    long lastId = chunks[count - 1].lastId();
    byte[] header = Frame.logsHeader(lastId);
    int size = header.length + Frame.LOGS_TRAILER.length + count - 1;
    int events = 0;
    for (int i = 0; i < count; i++) {
      size += chunks[i].dataEnd() - chunks[i].dataOffset(starts[i]);
      events += chunks[i].size() - starts[i];
    }
    byte[] bytes = new byte[size];
    System.arraycopy(header, 0, bytes, 0, header.length);
    int at = header.length;
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        bytes[at++] = ',';
      }
      int from = chunks[i].dataOffset(starts[i]);
      int length = chunks[i].dataEnd() - from;
      System.arraycopy(chunks[i].bytes(), from, bytes, at, length);
      at += length;
    }
    System.arraycopy(Frame.LOGS_TRAILER, 0, bytes, at, Frame.LOGS_TRAILER.length);
    return new Frame(bytes, events, lastId);
  }
}
