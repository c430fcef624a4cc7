package io.livelog.events.control;

import io.livelog.events.entity.LogEvent;
import io.livelog.events.entity.Recorded;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The bounded ring of the latest events. It owns the sequence: {@link #record} is called by the
 * relay's single thread, so ids are strictly increasing in delivery order. Readers copy under the
 * same lock.
 *
 * <p>The sequence starts at the start time in milliseconds times 1000, so ids keep increasing
 * across restarts and a browser's {@code Last-Event-ID} from before a restart reads as a gap rather
 * than as an id from the future.
 */
@ApplicationScoped
public class HistoryBuffer {

  @Inject
  @ConfigProperty(name = "livelog.history.size", defaultValue = "10000")
  int capacity;

  @Inject Node node;

  private Recorded[] ring;
  private long nextId;
  private long count;

  @PostConstruct
  void init() {
    ring = new Recorded[Math.max(1, capacity)];
    nextId = System.currentTimeMillis() * 1000;
  }

  /** Assigns ids, serializes once, and stores the events; returns them as recorded. */
  public List<Recorded> record(List<LogEvent> events) {
    List<Recorded> recorded = new ArrayList<>(events.size());
    String nodeName = node.name();
    synchronized (this) {
      for (LogEvent event : events) {
        long id = nextId++;
        LogEvent withId = event.withId(id, nodeName);
        Recorded entry = new Recorded(id, withId, EventJson.toJson(withId));
        ring[(int) (count++ % ring.length)] = entry;
        recorded.add(entry);
      }
    }
    return recorded;
  }

  /** Up to {@code limit} matching events with an id above {@code afterId}, oldest first. */
  public synchronized List<Recorded> after(long afterId, EventFilter filter, int limit) {
    List<Recorded> out = new ArrayList<>(Math.min(limit, size()));
    long first = Math.max(afterId + 1, oldestIdOrNext());
    for (long id = first; id < nextId && out.size() < limit; id++) {
      Recorded entry = at(id);
      if (filter.matches(entry.event())) {
        out.add(entry);
      }
    }
    return out;
  }

  /** The newest {@code limit} matching events, oldest first. */
  public synchronized List<Recorded> latest(EventFilter filter, int limit) {
    List<Recorded> out = new ArrayList<>();
    long oldest = oldestIdOrNext();
    for (long id = nextId - 1; id >= oldest && out.size() < limit; id--) {
      Recorded entry = at(id);
      if (filter.matches(entry.event())) {
        out.add(entry);
      }
    }
    java.util.Collections.reverse(out);
    return out;
  }

  private Recorded at(long id) {
    long index = count - (nextId - id);
    return ring[(int) (index % ring.length)];
  }

  private long oldestIdOrNext() {
    return nextId - size();
  }

  public synchronized int size() {
    return (int) Math.min(count, ring.length);
  }

  public synchronized OptionalLong oldestId() {
    return size() == 0 ? OptionalLong.empty() : OptionalLong.of(nextId - size());
  }

  public synchronized OptionalLong newestId() {
    return size() == 0 ? OptionalLong.empty() : OptionalLong.of(nextId - 1);
  }

  /** The id the next recorded event will get. */
  public synchronized long nextId() {
    return nextId;
  }
}
