package io.livelog.store.control;

import io.livelog.store.control.PartitionSql.Finished;
import io.livelog.store.control.StoreSql.Extent;
import io.livelog.store.control.StoreSql.Row;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Keeps the store within {@code livelog.store.maxBytes} and {@code livelog.store.maxAgeHours}:
 * oldest first, in whole chunks, never a row at a time. On a partitioned table ({@link Partitions})
 * a chunk is a partition, dropped whole; never the one being written, which only shrinks by range
 * deletes when it alone holds rows and the store is still too big (or, once it has been written for
 * more than a period, too old). Elsewhere a chunk is a range delete of the oldest 1/32 of the rows,
 * at least 100. A chunk goes for age only when its newest row is too old.
 */
final class Retention {

  static final String RETAINED_FROM = "retained_from";
  private static final int ROUNDS = 64;

  private final long maxBytes;
  private final long maxAgeMillis;
  private final StoreState state;
  private final Partitions partitions;

  /**
   * @param partitions the table's partitions, or null for range deletes only
   */
  Retention(long maxBytes, long maxAgeMillis, StoreState state, Partitions partitions) {
    this.maxBytes = maxBytes;
    this.maxAgeMillis = maxAgeMillis;
    this.state = state;
    this.partitions = partitions;
  }

  Retention(long maxBytes, long maxAgeMillis, StoreState state) {
    this(maxBytes, maxAgeMillis, state, null);
  }

  static int chunkSize(long count) {
    return (int) Math.max(100, Math.min(50_000, count / 32));
  }

  /** Removes chunks while the store is over a bound; commits each. Returns the rows removed. */
  long apply(Connection c, long now) throws SQLException {
    if (partitions == null) {
      return deleteChunks(c, now, true);
    }
    long deleted = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Finished oldest = PartitionSql.oldestFinished(c);
      if (oldest == null) {
        c.commit();
        return deleted + deleteChunks(c, now, partitions.stale(now));
      }
      if (!over(oldest.newest(), now)) {
        c.commit();
        return deleted;
      }
      deleted += removed(c, PartitionSql.drop(c, oldest.partition()));
    }
    return deleted;
  }

  private boolean over(Row newest, long now) {
    return state.bytes > maxBytes || newest != null && newest.ts() < now - maxAgeMillis;
  }

  private long deleteChunks(Connection c, long now, boolean byAge) throws SQLException {
    long deleted = 0;
    for (int round = 0; round < ROUNDS && state.count > 0; round++) {
      if (!mayBeOver(c, now, byAge)) {
        break;
      }
      Row end = StoreSql.chunkEnd(c, chunkSize(state.count));
      if (end == null) {
        break;
      }
      boolean tooBig = state.bytes > maxBytes;
      boolean tooOld = byAge && end.ts() < now - maxAgeMillis;
      if (!tooBig && !tooOld) {
        break;
      }
      Extent extent = StoreSql.extent(c, end.id());
      StoreSql.deleteThrough(c, end.id());
      deleted += removed(c, extent);
    }
    return deleted;
  }

  /**
   * Whether a chunk may have to go. Finding a chunk's end reads each of its rows (up to 50,000),
   * which a writer under load must not do every second for nothing: so first the figures, then the
   * oldest row (one primary-key read, fresh because nodes sharing the table delete and add old
   * rows). While the oldest row is younger than the age bound no chunk goes for age: a chunk goes
   * when its newest row is too old, and ts grows with the id.
   */
  private boolean mayBeOver(Connection c, long now, boolean byAge) throws SQLException {
    if (state.bytes > maxBytes) {
      return true;
    }
    if (!byAge) {
      return false;
    }
    state.oldest(StoreSql.oldest(c));
    return state.oldestTs >= 0 && state.oldestTs < now - maxAgeMillis;
  }

  /** Records what went (the lowest id kept, the figures, the oldest row) and commits. */
  private long removed(Connection c, Extent extent) throws SQLException {
    long retained = Math.max(state.retainedFrom, extent.newest() + 1);
    StoreSql.setMeta(c, RETAINED_FROM, retained);
    LostSql.forget(c, retained);
    c.commit();
    state.deleted(extent, retained);
    state.oldest(StoreSql.oldest(c));
    return extent.count();
  }
}
