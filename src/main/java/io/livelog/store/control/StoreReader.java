package io.livelog.store.control;

import io.livelog.cluster.control.EventBodies;
import io.livelog.events.control.HistorySearch;
import io.livelog.events.entity.Recorded;
import io.livelog.store.control.StoreSql.Row;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the store a block of rows at a time, filtering each row (its time range and level before
 * its JSON is read), and stops when it found enough or the search's time budget is spent: it then
 * says how far it got, so the next request continues there. A scan always reads its first block, so
 * a search continued again and again gets through the store however small its budget.
 */
public final class StoreReader {

  static final int BLOCK = 500;

  private final javax.sql.DataSource dataSource;
  private final StoreState state;

  StoreReader(javax.sql.DataSource dataSource, StoreState state) {
    this.dataSource = dataSource;
    this.state = state;
  }

  /**
   * What a scan found.
   *
   * @param events the matches, oldest first
   * @param scannedTo the last id considered (ascending: the highest; descending: the lowest)
   * @param expired true when the time budget ended the scan before it found enough or reached the
   *     end of its range
   */
  public record Scan(List<Recorded> events, long scannedTo, boolean expired) {}

  /** The lowest id retention has not deleted. */
  public long retainedFrom() {
    return state.retainedFrom;
  }

  /**
   * The last id of a range the store does not hold that starts right after {@code cursor} (deleted
   * by retention, or recorded and not stored), at most {@code limit}; -1 when the id after {@code
   * cursor} is not in such a range.
   */
  public long missingAfter(long cursor, long limit) {
    long next = cursor + 1;
    if (next < state.retainedFrom) {
      return Math.min(state.retainedFrom - 1, limit);
    }
    long[] lost = state.lostAt(next);
    return lost == null ? -1 : Math.min(lost[1], limit);
  }

  /**
   * The last id after {@code cursor}, at most {@code limit}, before the next range the store does
   * not hold.
   */
  public long storedUntil(long cursor, long limit) {
    long lost = state.lostAfter(cursor);
    return lost >= 0 && lost <= limit ? lost - 1 : limit;
  }

  /**
   * Waits until the writer is done with every id up to {@code id} (at most {@code millis}) and
   * answers how far the store can be read: {@code id}, or while the writer is still behind the
   * highest id it is done with (committed, or lost and named as such). The ids above it may still
   * be committed: read them later, never skip them.
   */
  public long awaitReadable(long id, long millis) {
    try {
      if (state.awaitCommitted(id, millis)) {
        return id;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Math.min(id, state.settledId);
  }

  /** Matches with ids above {@code after} and below {@code before}, oldest first. */
  public Scan ascending(long after, long before, HistorySearch search, int limit) {
    List<Recorded> out = new ArrayList<>();
    long cursor = after;
    try (Connection c = dataSource.getConnection()) {
      while (out.size() < limit) {
        if (cursor != after && search.expired()) {
          return new Scan(out, cursor, true);
        }
        List<Row> rows = StoreSql.ascending(c, cursor, before, BLOCK);
        for (Row row : rows) {
          if (!take(row, search, out) && cursor != after) {
            return new Scan(out, cursor, true);
          }
          // a first row whose pattern outlived the whole budget counts as no match, so every
          // read gets further (the next row finds the budget spent)
          cursor = row.id();
          if (out.size() == limit) {
            return new Scan(out, cursor, false);
          }
        }
        if (rows.size() < BLOCK) {
          return new Scan(out, Math.max(cursor, before - 1), false);
        }
      }
      return new Scan(out, cursor, false);
    } catch (SQLException e) {
      throw new IllegalStateException("reading the store failed", e);
    }
  }

  /** The newest matches with ids below {@code before}, oldest first. */
  public Scan descending(long before, HistorySearch search, int limit) {
    List<Recorded> out = new ArrayList<>();
    long cursor = Math.min(before, state.newestId + 1);
    long lowest = state.oldestId < 0 ? 0 : Math.min(state.oldestId, state.retainedFrom);
    boolean expired = false;
    boolean first = true;
    try (Connection c = dataSource.getConnection()) {
      scan:
      while (out.size() < limit) {
        if (!first && search.expired()) {
          expired = true;
          break;
        }
        List<Row> rows = StoreSql.descending(c, cursor, lowest, BLOCK);
        for (Row row : rows) {
          if (!take(row, search, out) && !first) {
            expired = true;
            break scan;
          }
          // as ascending: a first row whose pattern outlived the whole budget is no match
          first = false;
          cursor = row.id();
          if (out.size() == limit) {
            break scan;
          }
        }
        first = false;
        if (rows.size() < BLOCK) {
          cursor = Math.min(cursor, Math.max(0, state.retainedFrom));
          break;
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading the store failed", e);
    }
    java.util.Collections.reverse(out);
    return new Scan(out, cursor, expired);
  }

  /** Adds the row when it matches; false when the budget ran out while matching it. */
  private static boolean take(Row row, HistorySearch search, List<Recorded> out) {
    if (!search.inRange(row.ts())
        || search.levelBelow(row.level())
        || !search.mayMatchJson(row.json())) {
      return true;
    }
    Recorded recorded =
        new Recorded(
            row.id(), EventBodies.event(row.json()).withId(Long.toString(row.id())), row.json());
    try {
      if (search.test(recorded.event())) {
        out.add(recorded);
      }
      return true;
    } catch (HistorySearch.Expired e) {
      return false;
    }
  }
}
