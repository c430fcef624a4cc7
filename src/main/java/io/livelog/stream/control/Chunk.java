package io.livelog.stream.control;

import io.livelog.events.entity.Recorded;
import java.util.List;

/**
 * Consecutive events that matched one filter, joined into JSON once for every subscriber of that
 * filter: {@code joined} is the array's inside, without brackets.
 */
record Chunk(List<Recorded> events, String joined) {

  static Chunk of(List<Recorded> events) {
    StringBuilder out = new StringBuilder(events.size() * 256);
    for (Recorded event : events) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(event.json());
    }
    return new Chunk(List.copyOf(events), out.toString());
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
