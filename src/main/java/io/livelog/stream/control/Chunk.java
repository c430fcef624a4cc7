package io.livelog.stream.control;

import io.livelog.events.entity.Recorded;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Consecutive events that matched one filter, joined into JSON and encoded to UTF-8 once for every
 * subscriber of that filter: {@code array} is the JSON array of the events, brackets included, so a
 * subscriber whose batch is this one chunk sends these very bytes.
 */
record Chunk(List<Recorded> events, byte[] array) {

  static Chunk of(List<Recorded> events) {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a chunk holds at least one event");
    }
    int size = 2;
    for (Recorded event : events) {
      size += event.json().length() + 1;
    }
    StringBuilder out = new StringBuilder(size).append('[');
    for (Recorded event : events) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append(event.json());
    }
    byte[] array = out.append(']').toString().getBytes(StandardCharsets.UTF_8);
    return new Chunk(List.copyOf(events), array);
  }

  /** The length in bytes of the events inside the brackets. */
  int innerLength() {
    return array.length - 2;
  }

  long firstId() {
    return events.get(0).id();
  }

  long lastId() {
    return events.get(events.size() - 1).id();
  }

  int size() {
    return events.size();
  }

  /** The part of this chunk after {@code id}, or this chunk when all of it is newer. */
  Chunk after(long id) {
    if (firstId() > id) {
      return this;
    }
    return of(events.stream().filter(e -> e.id() > id).toList());
  }
}
