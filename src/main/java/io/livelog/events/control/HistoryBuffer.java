package io.livelog.events.control;

import io.livelog.events.entity.LogEvent;
import io.livelog.events.entity.Recorded;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The bounded ring of the latest events, bounded by count ({@code livelog.history.size}) and by
 * bytes ({@code livelog.history.maxBytes}, the heap the events hold), oldest evicted first. It owns
 * the sequence: only the relay's thread records, so ids are dense and strictly increasing in
 * delivery order, and an id's place in the ring is found by arithmetic.
 *
 * <p>Readers never scan or filter under the lock that {@link #record} needs: they copy at most
 * {@link #SLICE} references at a time and filter outside it. Each slice reports the oldest id held
 * when it was copied, so a reader that races eviction knows exactly what it missed ({@link Page}).
 *
 * <p>The sequence starts at the start time in milliseconds times 1000, so ids keep increasing
 * across restarts and a browser's {@code Last-Event-ID} from before a restart reads as a gap rather
 * than as an id from the future.
 */
@ApplicationScoped
public class HistoryBuffer {

  /** The most references a reader copies under the lock at once. */
  static final int SLICE = 512;

  @Inject
  @ConfigProperty(name = "livelog.history.size", defaultValue = "10000")
  int capacity;

  @Inject
  @ConfigProperty(name = "livelog.history.maxBytes", defaultValue = "67108864")
  long maxBytes;

  /** The node's budget this ring reports to; unit tests leave it null. */
  @Inject NodeMemory memory;

  private Recorded[] ring;
  private int head;
  private int count;
  private long first;
  private long next;
  private volatile long bytes;
  private long denseFrom;

  @PostConstruct
  void init() {
    ring = new Recorded[Math.max(1, capacity)];
    next = System.currentTimeMillis() * 1000;
    first = next;
    denseFrom = next;
    if (memory != null) {
      memory.measure(NodeMemory.Part.HISTORY, this::bytes);
    }
  }

  /** What history holds at one instant: the oldest id held and the id the next event gets. */
  public record Snapshot(long first, long next) {

    public boolean isEmpty() {
      return first >= next;
    }
  }

  /**
   * Matching events read from history, and what could no longer be read.
   *
   * @param events the matching events, oldest first
   * @param missedFrom the first id that was evicted before it could be read, or -1
   * @param missedTo the last such id, or -1
   * @param scannedTo the highest id considered (matched or not); the next page starts after it
   */
  public record Page(List<Recorded> events, long missedFrom, long missedTo, long scannedTo) {

    public boolean missed() {
      return missedFrom >= 0;
    }
  }

  /**
   * Assigns ids to the prepared events and stores them, evicting the oldest beyond the count and
   * byte bounds. Called by the relay's one thread only.
   */
  public List<Recorded> record(List<PreparedEvent> events) {
    List<Recorded> recorded = new ArrayList<>(events.size());
    long id = next;
    for (PreparedEvent event : events) {
      recorded.add(new Recorded(id, event.event().withId(Long.toString(id)), event.jsonWithId(id)));
      id++;
    }
    synchronized (this) {
      for (Recorded entry : recorded) {
        append(entry);
      }
    }
    return recorded;
  }

  /**
   * Drops everything held and continues at {@code nextId}: for a cluster node whose history can no
   * longer be dense (it fell behind the cluster's log, or joined it). Readers that ask for ids
   * before it get a gap. Called by the one recording thread only.
   */
  public synchronized void restart(long nextId) {
    restartAt(nextId);
  }

  /**
   * Continues the sequence above {@code newestId} (the newest id the store kept from an earlier
   * run) when it has not already passed it. Called before the first event is recorded.
   */
  public synchronized void continueAbove(long newestId) {
    if (next <= newestId) {
      restartAt(newestId + 1);
    }
  }

  private void restartAt(long nextId) {
    java.util.Arrays.fill(ring, null);
    head = 0;
    count = 0;
    bytes = 0;
    first = nextId;
    next = nextId;
    denseFrom = nextId;
  }

  private void append(Recorded entry) {
    int size = size(entry);
    while (count > 0 && (count == ring.length || bytes + size > maxBytes)) {
      bytes -= size(ring[head]);
      ring[head] = null;
      head = (head + 1) % ring.length;
      count--;
      first++;
    }
    ring[(head + count) % ring.length] = entry;
    count++;
    bytes += size;
    next = entry.id() + 1;
    if (count == 1) {
      first = entry.id();
    }
  }

  private static int size(Recorded entry) {
    return entry.retainedBytes();
  }

  public synchronized Snapshot snapshot() {
    return new Snapshot(first, next);
  }

  /**
   * Up to {@code limit} matching events with ids above {@code afterId} and below {@code before},
   * oldest first, in slices. When events in that range were evicted before they were read, the page
   * says which.
   */
  public Page page(long afterId, long before, EventFilter filter, int limit) {
    return page(afterId, before, (Predicate<LogEvent>) filter::matches, limit);
  }

  /** {@link #page(long, long, EventFilter, int)} with any test on the event. */
  public Page page(long afterId, long before, Predicate<LogEvent> filter, int limit) {
    List<Recorded> out = new ArrayList<>(Math.min(limit, SLICE));
    if (afterId >= Long.MAX_VALUE - 1 || limit <= 0) {
      return new Page(out, -1, -1, afterId);
    }
    long cursor = afterId;
    long missedFrom = -1;
    long missedTo = -1;
    List<Recorded> slice = new ArrayList<>(SLICE);
    while (out.size() < limit) {
      slice.clear();
      synchronized (this) {
        long end = Math.min(before, next);
        if (cursor + 1 < first && cursor + 1 < end) {
          if (missedFrom >= 0 || !out.isEmpty()) {
            // a second loss while reading: end this page here, the next one names it
            break;
          }
          missedFrom = cursor + 1;
          missedTo = Math.min(first, end) - 1;
          cursor = missedTo;
        }
        for (long id = cursor + 1; id < end && slice.size() < SLICE; id++) {
          slice.add(at(id));
        }
        if (slice.isEmpty()) {
          cursor = Math.max(cursor, end - 1);
          break;
        }
      }
      for (Recorded entry : slice) {
        cursor = entry.id();
        if (filter.test(entry.event())) {
          out.add(entry);
          if (out.size() == limit) {
            break;
          }
        }
      }
    }
    return new Page(out, missedFrom, missedTo, cursor);
  }

  /** Up to {@code limit} matching events after {@code afterId}, oldest first. */
  public List<Recorded> after(long afterId, EventFilter filter, int limit) {
    return page(afterId, Long.MAX_VALUE, filter, limit).events();
  }

  /** The newest {@code limit} matching events, oldest first. */
  public List<Recorded> latest(EventFilter filter, int limit) {
    return before(Long.MAX_VALUE, filter, limit);
  }

  /** The newest {@code limit} matching events with ids below {@code beforeId}, oldest first. */
  public List<Recorded> before(long beforeId, EventFilter filter, int limit) {
    return before(beforeId, (Predicate<LogEvent>) filter::matches, limit);
  }

  /** {@link #before(long, EventFilter, int)} with any test on the event. */
  public List<Recorded> before(long beforeId, Predicate<LogEvent> filter, int limit) {
    List<Recorded> out = new ArrayList<>(Math.min(limit, SLICE));
    long cursor = beforeId;
    List<Recorded> slice = new ArrayList<>(SLICE);
    while (out.size() < limit) {
      synchronized (this) {
        long to = Math.min(cursor, next) - 1;
        slice.clear();
        for (long id = to; id >= first && slice.size() < SLICE; id--) {
          slice.add(at(id));
        }
      }
      if (slice.isEmpty()) {
        break;
      }
      for (Recorded entry : slice) {
        cursor = entry.id();
        if (filter.test(entry.event())) {
          out.add(entry);
          if (out.size() == limit) {
            break;
          }
        }
      }
    }
    Collections.reverse(out);
    return out;
  }

  private Recorded at(long id) {
    return ring[(int) ((head + (id - first)) % ring.length)];
  }

  public synchronized int size() {
    return count;
  }

  /** The heap the events held take, roughly, in bytes ({@link Recorded#retainedBytes()}). */
  public long bytes() {
    return bytes;
  }

  public synchronized OptionalLong oldestId() {
    return count == 0 ? OptionalLong.empty() : OptionalLong.of(first);
  }

  public synchronized OptionalLong newestId() {
    return count == 0 ? OptionalLong.empty() : OptionalLong.of(next - 1);
  }

  /**
   * The first id of the current run of consecutive ids: from it on, every id was given to an event,
   * so the number of events in a range is its length. Before it (an earlier run, a restart, a
   * cluster node that fell behind) ids may jump.
   */
  public synchronized long denseFrom() {
    return denseFrom;
  }

  /** The id the next recorded event will get. */
  public synchronized long nextId() {
    return next;
  }
}
