package io.livelog.store.control;

import io.livelog.store.control.PartitionSql.Partition;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * How the event table is cut into time partitions on PostgreSQL (the SQL: {@link PartitionSql}).
 *
 * <p>Ids are not a clock (a run starts at its start time in ms × 1000, then counts one per event),
 * so a partition cannot be a fixed range of ids per period. Instead the writer, before it inserts,
 * makes sure a partition lies ahead of the one its ids fall in; when its writes enter the last
 * partition it creates the next one, as wide as the ids that arrived in one period ({@code
 * livelog.store.partitionMinutes}) at the rate the previous partition filled, or a fixed number of
 * ids ({@code livelog.store.partitionEvents}). So each partition holds about one period and an
 * insert never finds no partition. At most as wide as the ids of 1/16 of {@code
 * livelog.store.maxBytes} at the mean row size: under a high rate a period's partition would hold
 * more than the store keeps, and retention could then only delete rows (each a dead tuple to
 * vacuum) where it should drop partitions. Used by the writer's thread only.
 */
final class Partitions {

  static final long MIN_WIDTH = 1000;

  private final long periodMillis;
  private final long fixedWidth;
  private final LongSupplier clock;
  private final LongSupplier maxWidth;
  private long lastFrom = -1;
  private long markId = -1;
  private long markMillis;
  private long currentSince;

  /**
   * @param periodMillis how much time a partition should hold
   * @param fixedWidth ids per partition instead, when above 0
   */
  Partitions(long periodMillis, long fixedWidth, LongSupplier clock) {
    this(periodMillis, fixedWidth, clock, () -> Long.MAX_VALUE);
  }

  /**
   * @param maxWidth the most ids a partition made for a period may span (not a fixed width)
   */
  Partitions(long periodMillis, long fixedWidth, LongSupplier clock, LongSupplier maxWidth) {
    this.periodMillis = Math.max(1, periodMillis);
    this.fixedWidth = fixedWidth;
    this.clock = clock;
    this.maxWidth = maxWidth;
  }

  /**
   * Before the writer inserts ids up to {@code maxId}: makes sure partitions cover them and one
   * more lies ahead, and commits what it created. Without SQL while the ids stay below the last
   * partition. Returns the partitions created.
   */
  int ensure(Connection c, long maxId) throws SQLException {
    if (maxId < lastFrom) {
      return 0;
    }
    PartitionSql.lock(c);
    List<Partition> all = PartitionSql.list(c);
    long to = all.isEmpty() ? 0 : all.get(all.size() - 1).to();
    lastFrom = all.isEmpty() ? -1 : all.get(all.size() - 1).from();
    currentSince = clock.getAsLong();
    int created = 0;
    if (maxId >= lastFrom) {
      long width = width(maxId);
      while (maxId >= lastFrom) {
        long from = to;
        // the first reaches back to 0; one after a restart's jump in ids covers the jump
        to = Math.max(from, maxId + 1) + width;
        PartitionSql.create(c, from, to);
        lastFrom = from;
        created++;
      }
    }
    c.commit();
    return created;
  }

  /**
   * Ids for the next partition: those that arrived in one period at the rate since the previous
   * partition was created (at least {@link #MIN_WIDTH}, at most the ids' own 1000 a millisecond and
   * the most the store wants in one partition).
   */
  long width(long maxId) {
    if (fixedWidth > 0) {
      return fixedWidth;
    }
    long now = clock.getAsLong();
    long width = MIN_WIDTH;
    if (markId >= 0 && maxId > markId) {
      double perMilli = (double) (maxId - markId) / Math.max(1, now - markMillis);
      width = (long) Math.min(1000.0 * periodMillis, perMilli * periodMillis);
      width = Math.max(MIN_WIDTH, Math.min(width, maxWidth.getAsLong()));
    }
    markId = maxId;
    markMillis = now;
    return width;
  }

  /**
   * True when the partition being written has been so for more than a period (the rate fell, or no
   * write came since the start): only then may its oldest rows go by age, in chunks.
   */
  boolean stale(long now) {
    return now - currentSince > periodMillis;
  }
}
