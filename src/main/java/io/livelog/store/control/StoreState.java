package io.livelog.store.control;

import io.livelog.store.control.StoreSql.Extent;
import io.livelog.store.control.StoreSql.Row;

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

  /**
   * The hull of the ids this run recorded but did not store (a full queue or disk, a failed write),
   * and after a crash the ids between the newest stored one and this run's first: readers name them
   * as a gap rather than skip them. {@code lostFrom} -1 when none.
   */
  private long lostFrom = -1;

  private long lostTo = -1;

  synchronized void lost(long from, long to) {
    if (from > to) {
      return;
    }
    lostFrom = lostFrom < 0 ? from : Math.min(lostFrom, from);
    lostTo = Math.max(lostTo, to);
  }

  /** {@code {from, to}} of the lost ids, or null. */
  synchronized long[] lost() {
    return lostFrom < 0 ? null : new long[] {lostFrom, lostTo};
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
