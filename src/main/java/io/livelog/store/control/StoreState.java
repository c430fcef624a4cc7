package io.livelog.store.control;

import io.livelog.store.control.StoreSql.Extent;
import io.livelog.store.control.StoreSql.Row;
import java.util.List;

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

  /** The ids recorded but not stored, which readers name as a gap (see {@link Losses}). */
  final Losses losses = new Losses();

  void lost(long from, long to) {
    losses.lost(from, to);
  }

  /** {@code {from, to}} of the lost range that holds {@code id}, or null. */
  long[] lostAt(long id) {
    return losses.at(id);
  }

  /** The first id of the first lost range that starts above {@code id}, or -1. */
  long lostAfter(long id) {
    return losses.after(id);
  }

  /** The lost ranges, oldest first (tests). */
  List<long[]> lostRanges() {
    return losses.ranges();
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
    losses.forget(retained);
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
