package io.livelog.store.control;

import io.livelog.store.control.StoreSql.Extent;
import io.livelog.store.control.StoreSql.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the store holds and how its writer keeps up, as the writer last saw it: read by stats and
 * readers on any thread, written by the writer's thread (and once at open).
 */
final class StoreState {

  volatile long count;
  volatile long bytes;
  volatile long oldestId = -1;
  volatile long oldestTs = -1;
  volatile long newestId = -1;

  /** The highest id committed. */
  volatile long committedId = -1;

  /** The highest id handed to the writer. */
  volatile long offeredId = -1;

  /** The highest id the writer is done with (committed, or failed and counted). */
  volatile long settledId = -1;

  /** The lowest id retention has not deleted: a resume from below it has a gap. */
  volatile long retainedFrom;

  volatile long lagMillis;
  volatile long commitMillis;
  volatile long maxCommitMillis;
  volatile boolean diskLow;

  /** The most lost ranges kept; beyond it the two closest neighbours become one. */
  static final int MAX_LOST_RANGES = 1024;

  /**
   * The ids this run recorded but did not store (a full queue or disk, a failed write), and after a
   * crash the ids between the newest stored one and this run's first: readers name them as a gap
   * rather than skip them. Each range separately, first id to last, adjacent or overlapping ones
   * merged, so the stored ids between two losses are still read. Bounded: past {@link
   * #MAX_LOST_RANGES} the two ranges with the fewest ids between them are merged, and the stored
   * ids between those two are then named as part of a gap (memory stays bounded however often the
   * writer drops); ranges retention has passed are let go.
   */
  private final TreeMap<Long, Long> losses = new TreeMap<>();

  synchronized void lost(long from, long to) {
    if (from > to) {
      return;
    }
    long first = from;
    long last = to;
    Map.Entry<Long, Long> before = losses.floorEntry(from);
    if (before != null && before.getValue() >= from - 1) {
      first = before.getKey();
      last = Math.max(last, before.getValue());
    }
    Map.Entry<Long, Long> next = losses.ceilingEntry(first);
    while (next != null && next.getKey() <= last + 1) {
      last = Math.max(last, next.getValue());
      losses.remove(next.getKey());
      next = losses.ceilingEntry(first);
    }
    losses.put(first, last);
    if (losses.size() > MAX_LOST_RANGES) {
      mergeClosest();
    }
  }

  private void mergeClosest() {
    Map.Entry<Long, Long> closest = null;
    long fewest = Long.MAX_VALUE;
    Map.Entry<Long, Long> previous = null;
    for (Map.Entry<Long, Long> range : losses.entrySet()) {
      if (previous != null && range.getKey() - previous.getValue() < fewest) {
        fewest = range.getKey() - previous.getValue();
        closest = previous;
      }
      previous = range;
    }
    long next = losses.higherKey(closest.getKey());
    losses.put(closest.getKey(), losses.remove(next));
  }

  /** {@code {from, to}} of the lost range that holds {@code id}, or null. */
  synchronized long[] lostAt(long id) {
    Map.Entry<Long, Long> range = losses.floorEntry(id);
    return range == null || range.getValue() < id
        ? null
        : new long[] {range.getKey(), range.getValue()};
  }

  /** The first id of the first lost range that starts above {@code id}, or -1. */
  synchronized long lostAfter(long id) {
    Long first = losses.higherKey(id);
    return first == null ? -1 : first;
  }

  /** The lost ranges, oldest first (tests). */
  synchronized List<long[]> lostRanges() {
    List<long[]> out = new ArrayList<>();
    losses.forEach((from, to) -> out.add(new long[] {from, to}));
    return out;
  }

  void opened(Extent extent, Row oldest, long retained) {
    count = extent.count();
    bytes = extent.bytes();
    newestId = extent.newest();
    committedId = extent.newest();
    offeredId = extent.newest();
    settledId = extent.newest();
    retainedFrom = retained;
    oldest(oldest);
  }

  void oldest(Row oldest) {
    oldestId = oldest == null ? -1 : oldest.id();
    oldestTs = oldest == null ? -1 : oldest.ts();
  }

  synchronized void committed(int events, long addedBytes, long newest, long lag, long commit) {
    count += events;
    bytes += addedBytes;
    // a cluster node that rejoins stores the grid's older events again: never move back
    newestId = Math.max(newestId, newest);
    lagMillis = lag;
    commitMillis = commit;
    maxCommitMillis = Math.max(maxCommitMillis, commit);
    committedId = Math.max(committedId, newest);
    settled(newest);
  }

  synchronized void settled(long id) {
    settledId = Math.max(settledId, id);
    notifyAll();
  }

  void offered(long id) {
    offeredId = Math.max(offeredId, id);
  }

  synchronized void deleted(Extent extent, long retained) {
    count = Math.max(0, count - extent.count());
    bytes = Math.max(0, bytes - extent.bytes());
    retainedFrom = retained;
    // below retainedFrom a reader names the gap anyway
    losses.headMap(retained).values().removeIf(to -> to < retained);
  }

  /**
   * Waits until the writer is done with {@code id} and every id below it, whether or not it was
   * handed to the writer yet (a cluster node's own ingest, which its grid reader hands on later):
   * true when {@code id} was committed, false when it was lost or the wait took more than {@code
   * millis}.
   */
  synchronized boolean awaitStored(long id, long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000;
    while (settledId < id) {
      long left = (end - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return lostAt(id) == null;
  }

  /**
   * Waits until the writer is done with every id up to {@code id} that was handed to it (ids never
   * handed to it, such as the jump in ids at a restart, are not waited for); false when it was not
   * within {@code millis}.
   */
  synchronized boolean awaitCommitted(long id, long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000;
    while (settledId < Math.min(id, offeredId)) {
      long left = (end - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }
}
