package io.livelog.stream.control;

import io.livelog.events.control.EventFilter;
import io.livelog.events.entity.Recorded;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The subscribers that share one filter: each event is matched and joined once for all. */
final class FilterGroup {

  private final EventFilter filter;
  private final List<Subscriber> members = new CopyOnWriteArrayList<>();

  FilterGroup(EventFilter filter) {
    this.filter = filter;
  }

  void add(Subscriber subscriber) {
    members.add(subscriber);
  }

  /** Removes a member; true when the group is now empty. */
  boolean remove(Subscriber subscriber) {
    members.remove(subscriber);
    return members.isEmpty();
  }

  void deliver(List<Recorded> batch) {
    if (members.isEmpty()) {
      return;
    }
    List<Recorded> matched = batch;
    if (!filter.matchesAll()) {
      matched = new ArrayList<>();
      for (Recorded event : batch) {
        if (filter.matches(event.event())) {
          matched.add(event);
        }
      }
      if (matched.isEmpty()) {
        return;
      }
    }
    // chunks of at most one batch's size, so that one write never exceeds the container's
    // response buffer and a write to a slow client does not block halfway
    int from = 0;
    int chars = 0;
    for (int i = 0; i < matched.size(); i++) {
      chars += matched.get(i).json().length() + 1;
      if (chars >= Subscriber.MAX_BATCH_BYTES || i == matched.size() - 1) {
        Chunk chunk = Chunk.of(matched.subList(from, i + 1));
        for (Subscriber subscriber : members) {
          subscriber.offer(chunk);
        }
        from = i + 1;
        chars = 0;
      }
    }
  }
}
