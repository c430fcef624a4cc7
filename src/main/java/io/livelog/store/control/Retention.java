package io.livelog.store.control;

import io.livelog.store.control.StoreSql.Extent;
import io.livelog.store.control.StoreSql.Row;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Keeps the store within {@code livelog.store.maxBytes} and {@code livelog.store.maxAgeHours}:
 * oldest first, in whole chunks (a range delete of the oldest 1/32 of the rows, at least 100),
 * never a row at a time. A chunk goes for age only when its newest row is too old.
 */
final class Retention {

  static final String RETAINED_FROM = "retained_from";
  private static final int ROUNDS = 64;

  private final long maxBytes;
  private final long maxAgeMillis;
  private final StoreState state;

  Retention(long maxBytes, long maxAgeMillis, StoreState state) {
    this.maxBytes = maxBytes;
    this.maxAgeMillis = maxAgeMillis;
    this.state = state;
  }

  static int chunkSize(long count) {
    return (int) Math.max(100, Math.min(50_000, count / 32));
  }

  /** Deletes chunks while the store is over a bound; commits each. Returns the rows deleted. */
  long apply(Connection c, long now) throws SQLException {
    long deleted = 0;
    for (int round = 0; round < ROUNDS && state.count > 0; round++) {
      Row end = StoreSql.chunkEnd(c, chunkSize(state.count));
      if (end == null) {
        break;
      }
      boolean tooBig = state.bytes > maxBytes;
      boolean tooOld = end.ts() < now - maxAgeMillis;
      if (!tooBig && !tooOld) {
        break;
      }
      Extent extent = StoreSql.extent(c, end.id());
      StoreSql.deleteThrough(c, end.id());
      StoreSql.setMeta(c, RETAINED_FROM, end.id() + 1);
      c.commit();
      state.deleted(extent, end.id() + 1);
      state.oldest(StoreSql.oldest(c));
      deleted += extent.count();
    }
    return deleted;
  }
}
