package io.livelog.store.control;

import io.livelog.store.control.PartitionSql.Finished;
import io.livelog.store.control.StoreSql.Chunk;
import io.livelog.store.control.StoreSql.Extent;
import io.livelog.store.control.StoreSql.Row;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the store within {@code livelog.store.maxBytes} and {@code livelog.store.maxAgeHours}:
 * oldest first, in whole chunks, never a row at a time. On a partitioned table ({@link Partitions})
 * a chunk is a partition, dropped whole; never the one being written, which only shrinks by range
 * deletes when it alone holds rows and the store is still too big (or, once it has been written for
 * more than a period, too old). Elsewhere a chunk is a range delete of the oldest 1/32 of the rows,
 * at least 100, at most 5,000 in H2 and 50,000 through a DataSource. A chunk goes for age only when
 * its newest row is too old. One call stops after {@link #BUDGET_NANOS} once it has deleted a chunk
 * and says it is {@link #behind()}: the writer's commits never wait behind a long delete.
 */
final class Retention {

  static final String RETAINED_FROM = "retained_from";
  private static final int ROUNDS = 64;

  /** How long one call deletes chunks before it gives the writer back its thread. */
  static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /**
   * The most rows deleted together in the embedded H2 file. An H2 delete rewrites each row it
   * removes (locked, then removed, with its undo record): 50,000 at once held the writer, and every
   * ingest answer waiting for a commit, for hundreds of milliseconds, with serialisation buffers of
   * tens of MB in the heap.
   */
  static final int EMBEDDED_CHUNK = 5_000;

  /**
   * The most rows deleted together through a DataSource: a database server deletes a large range in
   * one statement cheaply, and each chunk costs a commit (a WAL flush on PostgreSQL).
   */
  static final int SERVER_CHUNK = 50_000;

  private final long maxBytes;
  private final long maxAgeMillis;
  private final StoreState state;
  private final Partitions partitions;
  private final long budgetNanos;
  private final int maxChunk;
  private boolean behind;

  /**
   * @param partitions the table's partitions, or null for range deletes only
   */
  Retention(long maxBytes, long maxAgeMillis, StoreState state, Partitions partitions) {
    this(maxBytes, maxAgeMillis, state, partitions, BUDGET_NANOS, EMBEDDED_CHUNK);
  }

  /**
   * @param budgetNanos how long one call may delete chunks (after its first)
   * @param maxChunk the most rows deleted together
   */
  Retention(
      long maxBytes,
      long maxAgeMillis,
      StoreState state,
      Partitions partitions,
      long budgetNanos,
      int maxChunk) {
    this.maxBytes = maxBytes;
    this.maxAgeMillis = maxAgeMillis;
    this.state = state;
    this.partitions = partitions;
    this.budgetNanos = budgetNanos;
    this.maxChunk = maxChunk;
  }

  Retention(long maxBytes, long maxAgeMillis, StoreState state) {
    this(maxBytes, maxAgeMillis, state, null);
  }

  /** Rows deleted together: 1/32 of the store, at least 100, at most {@code maxChunk}. */
  static int chunkSize(long count, int maxChunk) {
    return (int) Math.max(100, Math.min(maxChunk, count / 32));
  }

  /**
   * True when the last {@link #apply} stopped at its time budget with the store still over a bound:
   * the writer calls it again after its next commit rather than a second later.
   */
  boolean behind() {
    return behind;
  }

  /** Removes chunks while the store is over a bound; commits each. Returns the rows removed. */
  long apply(Connection c, long now) throws SQLException {
    behind = false;
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
    long start = System.nanoTime();
    for (int round = 0; state.count > 0; round++) {
      if (!mayBeOver(c, now, byAge)) {
        break;
      }
      // at least one chunk a call, so the store always gets back within its bounds
      if (round == ROUNDS || round > 0 && System.nanoTime() - start > budgetNanos) {
        behind = true;
        break;
      }
      // one pass over the chunk's ids, times and sizes; the delete is the second
      Chunk chunk = StoreSql.oldestChunk(c, chunkSize(state.count, maxChunk));
      if (chunk == null) {
        break;
      }
      boolean tooBig = state.bytes > maxBytes;
      boolean tooOld = byAge && chunk.newestTs() < now - maxAgeMillis;
      if (!tooBig && !tooOld) {
        break;
      }
      StoreSql.deleteThrough(c, chunk.extent().newest());
      deleted += removed(c, chunk.extent());
    }
    return deleted;
  }

  /**
   * Whether a chunk may have to go. Reading a chunk reads each of its rows (up to 50,000), which a
   * writer under load must not do every second for nothing: so first the figures, then the oldest
   * row (one primary-key read, fresh because nodes sharing the table delete and add old rows).
   * While the oldest row is younger than the age bound no chunk goes for age: a chunk goes when its
   * newest row is too old, and ts grows with the id.
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
