package io.livelog.stream.control;

import io.livelog.events.control.EventFilter;
import io.livelog.events.entity.Recorded;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The subscribers that share one filter, and the ring of chunks they read from: each event is
 * matched and encoded once for all of them, and each subscriber only keeps its place in the ring (a
 * sequence number). The ring is bounded in bytes; a subscriber whose place falls off its end has
 * fallen too far behind and is cut. Only the group's fan-out shard appends; any thread reads.
 */
final class FilterGroup {

  private static final Logger LOG = Logger.getLogger(FilterGroup.class.getName());

  private final EventFilter filter;
  private final long maxBytes;
  private final StreamMemory memory;
  private final Linger linger;
  private final AtomicBoolean wakeQueued = new AtomicBoolean();
  private final Runnable lingered = this::lingered;
  private volatile long lastWake;
  private final Set<Subscriber> members = ConcurrentHashMap.newKeySet();
  private final List<Recorded> held = new ArrayList<>();
  private long heldBytes;
  private Chunk[] ring = new Chunk[16];
  private long tail;
  private long head;
  private long bytes;
  private long events;
  private boolean cleared;

  FilterGroup(EventFilter filter, long maxBytes, StreamMemory memory, Linger linger) {
    this.filter = filter;
    this.maxBytes = maxBytes;
    this.memory = memory;
    this.linger = linger;
    this.lastWake = linger.now() - Linger.MAX_NANOS;
  }

  EventFilter filter() {
    return filter;
  }

  /** Adds a member, which starts reading at the ring's head: what is appended from now on. */
  synchronized void add(Subscriber subscriber) {
    subscriber.placeAt(this, head, events);
    members.add(subscriber);
  }

  /** Removes a member; true when the group is now empty. */
  boolean remove(Subscriber subscriber) {
    members.remove(subscriber);
    return members.isEmpty();
  }

  Set<Subscriber> members() {
    return members;
  }

  /**
   * Matches a batch and wakes the members that can write: when the group was not woken within its
   * {@link Linger}, what matched is appended (with anything held before it) and the members are
   * woken at once; otherwise it is held, and at the end of the linger everything held is appended
   * together, as few chunks as {@link Chunk#MAX_BYTES} allows, so a member that keeps up writes one
   * shared chunk instead of joining many small ones. Called by the group's fan-out shard only.
   */
  void deliver(List<Recorded> batch) {
    if (members.isEmpty()) {
      return;
    }
    List<Recorded> matched = new ArrayList<>();
    long bytes = 0;
    for (Recorded event : batch) {
      if (filter.matchesAll() || filter.matches(event)) {
        matched.add(event);
        bytes += event.retainedBytes();
      }
    }
    if (matched.isEmpty()) {
      return;
    }
    long now = linger.now();
    long wait = lastWake + linger.nanos() - now;
    if (wait <= 0) {
      synchronized (this) {
        held.addAll(matched);
        appendHeld();
      }
      wakeNow(now);
      return;
    }
    synchronized (this) {
      held.addAll(matched);
      heldBytes += bytes;
    }
    memory.fanOut(bytes);
    if (wakeQueued.compareAndSet(false, true) && !linger.later(lingered, wait)) {
      lingered();
    }
  }

  /**
   * The end of a linger: appends what was held and wakes the members. On the linger's timer, where
   * no fan-out shard reports a failure: one cuts the members (counted), who resume from history.
   */
  private void lingered() {
    wakeQueued.set(false);
    try {
      synchronized (this) {
        appendHeld();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Livelog stream failed to deliver to " + filter, e);
      for (Subscriber subscriber : members) {
        subscriber.cut();
      }
      return;
    }
    wakeNow(linger.now());
  }

  private void wakeNow(long now) {
    lastWake = now;
    for (Subscriber subscriber : members) {
      subscriber.wake();
    }
  }

  /** Appends the held events as chunks of at most {@link Chunk#MAX_BYTES}; under the lock. */
  private void appendHeld() {
    if (held.isEmpty()) {
      return;
    }
    memory.fanOut(-heldBytes);
    heldBytes = 0;
    List<Recorded> part = new ArrayList<>();
    int size = 0;
    for (Recorded event : held) {
      int length = event.utf8().length + 1;
      if (!part.isEmpty() && size + length > Chunk.MAX_BYTES) {
        append(part);
        part.clear();
        size = 0;
      }
      part.add(event);
      size += length;
    }
    held.clear();
    if (!part.isEmpty()) {
      append(part);
    }
  }

  private void append(List<Recorded> events) {
    long added;
    synchronized (this) { // reentrant: appendHeld holds it already
      if (cleared) {
        return;
      }
      Chunk chunk = Chunk.of(events, this.events);
      if (head - tail == ring.length) {
        grow();
      }
      ring[index(head)] = chunk;
      head++;
      this.events += chunk.size();
      added = chunk.retainedBytes();
      bytes += added;
      while (head - tail > 1 && bytes > maxBytes) {
        bytes -= evict();
      }
    }
    memory.streams(added);
  }

  /** Drops the oldest chunk, if more than the newest is held; its bytes, or 0. */
  synchronized long evictOldest() {
    if (head - tail <= 1) {
      return 0;
    }
    long freed = evict();
    bytes -= freed;
    return freed;
  }

  private long evict() {
    int at = index(tail);
    long freed = ring[at].retainedBytes();
    ring[at] = null;
    tail++;
    memory.streams(-freed);
    return freed;
  }

  private void grow() {
    Chunk[] bigger = new Chunk[ring.length * 2];
    for (long seq = tail; seq < head; seq++) {
      bigger[(int) (seq & (bigger.length - 1))] = ring[index(seq)];
    }
    ring = bigger;
  }

  private int index(long seq) {
    return (int) (seq & (ring.length - 1));
  }

  /** The chunk at {@code seq}, or null when it fell off the ring or is not appended yet. */
  synchronized Chunk at(long seq) {
    return seq < tail || seq >= head ? null : ring[index(seq)];
  }

  synchronized long head() {
    return head;
  }

  synchronized long tail() {
    return tail;
  }

  /** Events appended so far, and those held for the end of a linger. */
  synchronized long events() {
    return events + held.size();
  }

  /** The bytes the ring holds now. */
  synchronized long bytes() {
    return bytes;
  }

  /** Drops every chunk: the group has no members left. */
  synchronized void clear() {
    cleared = true;
    memory.fanOut(-heldBytes);
    heldBytes = 0;
    held.clear();
    while (tail < head) {
      bytes -= evict();
    }
  }
}
