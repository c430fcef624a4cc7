package io.livelog.store.control;

import io.livelog.events.entity.Recorded;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The store's SQL, plain JDBC that H2 and PostgreSQL both understand: one table of events keyed by
 * id (the JSON every subscriber gets, plus the columns retention and reading look at), one of named
 * numbers and one of lost ranges ({@link LostSql}). Every method works on the connection it is
 * given; the caller commits.
 */
final class StoreSql {

  /** What a stored row costs beyond its JSON (keys, columns, index), for the byte accounting. */
  static final int ROW_OVERHEAD = 40;

  private StoreSql() {}

  /** A stored row as reading and retention see it. */
  record Row(long id, long ts, int level, String json) {}

  /** Count, bytes, oldest and newest id of a range of rows ({@code oldest} -1 when empty). */
  record Extent(long count, long bytes, long oldest, long newest) {}

  /** The event table's columns, partitioned ({@link Partitions}) or not. */
  static final String EVENT_COLUMNS =
      "id BIGINT NOT NULL PRIMARY KEY, ts BIGINT NOT NULL, lvl SMALLINT NOT NULL,"
          + " bytes INT NOT NULL, json VARCHAR NOT NULL";

  /** Creates the tables unless they exist (on PostgreSQL {@link PartitionSql} made the first). */
  static void createSchema(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS livelog_event (" + EVENT_COLUMNS + ")");
      s.execute(
          "CREATE TABLE IF NOT EXISTS livelog_meta (name VARCHAR(64) NOT NULL PRIMARY KEY,"
              + " val BIGINT NOT NULL)");
    }
    LostSql.createTable(c);
  }

  /** Adds the events; the caller commits. Returns the bytes they count for. */
  static long append(Connection c, List<Recorded> events) throws SQLException {
    long bytes = 0;
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO livelog_event (id, ts, lvl, bytes, json) VALUES (?, ?, ?, ?, ?)")) {
      for (Recorded event : events) {
        int size = bytes(event);
        p.setLong(1, event.id());
        p.setLong(2, event.event().ts());
        p.setInt(3, event.event().level().ordinal());
        p.setInt(4, size);
        p.setString(5, event.json());
        p.addBatch();
        bytes += size;
      }
      p.executeBatch();
    }
    return bytes;
  }

  /**
   * Adds those of the events no row holds yet (cluster nodes sharing one DataSource each store what
   * they appended, and a node that took over for another may offer a row already there); the caller
   * commits. Returns the bytes of the rows added.
   */
  static long appendAbsent(Connection c, List<Recorded> events) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO livelog_event (id, ts, lvl, bytes, json) SELECT ?, ?, ?, ?, ?"
                + " WHERE NOT EXISTS (SELECT 1 FROM livelog_event WHERE id = ?)")) {
      for (Recorded event : events) {
        p.setLong(1, event.id());
        p.setLong(2, event.event().ts());
        p.setInt(3, event.event().level().ordinal());
        p.setInt(4, bytes(event));
        p.setString(5, event.json());
        p.setLong(6, event.id());
        p.addBatch();
      }
      int[] counts = p.executeBatch();
      long bytes = 0;
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] != 0) {
          bytes += bytes(events.get(i));
        }
      }
      return bytes;
    }
  }

  /** What a row counts for retention: the event's JSON in UTF-8 (held already, not re-encoded). */
  static int bytes(Recorded event) {
    return event.utf8().length + ROW_OVERHEAD;
  }

  /** The whole table's extent, or of the rows with ids up to {@code maxId} inclusive. */
  static Extent extent(Connection c, long maxId) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT COUNT(*), COALESCE(SUM(bytes), 0), COALESCE(MIN(id), -1),"
                + " COALESCE(MAX(id), -1) FROM livelog_event WHERE id <= ?")) {
      p.setLong(1, maxId);
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return new Extent(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4));
      }
    }
  }

  /** The oldest stored row, or null. */
  static Row oldest(Connection c) throws SQLException {
    List<Row> rows = ascending(c, -1, Long.MAX_VALUE, 1);
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** The oldest rows retention would delete together, and the time of the newest of them. */
  record Chunk(Extent extent, long newestTs) {}

  /**
   * The oldest {@code size} rows (all of them when fewer are stored) as a chunk, or null when the
   * store is empty: one pass over their ids, times and sizes.
   */
  static Chunk oldestChunk(Connection c, int size) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT id, ts, bytes FROM livelog_event ORDER BY id FETCH FIRST ? ROWS ONLY")) {
      p.setInt(1, size);
      long count = 0;
      long bytes = 0;
      long first = -1;
      long last = -1;
      long lastTs = -1;
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          last = r.getLong(1);
          first = first < 0 ? last : first;
          lastTs = r.getLong(2);
          bytes += r.getInt(3);
          count++;
        }
      }
      return count == 0 ? null : new Chunk(new Extent(count, bytes, first, last), lastTs);
    }
  }

  /** How many rows have ids from {@code first} to {@code last}, both included. */
  static long countBetween(Connection c, long first, long last) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("SELECT COUNT(*) FROM livelog_event WHERE id >= ? AND id <= ?")) {
      p.setLong(1, first);
      p.setLong(2, last);
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Deletes every row with an id up to {@code maxId}, one range delete. */
  static int deleteThrough(Connection c, long maxId) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("DELETE FROM livelog_event WHERE id <= ?")) {
      p.setLong(1, maxId);
      return p.executeUpdate();
    }
  }

  /** Up to {@code limit} rows with ids above {@code after} and below {@code before}, by id. */
  static List<Row> ascending(Connection c, long after, long before, int limit) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT id, ts, lvl, json FROM livelog_event WHERE id > ? AND id < ? ORDER BY id"
                + " FETCH FIRST ? ROWS ONLY")) {
      p.setLong(1, after);
      p.setLong(2, before);
      p.setInt(3, limit);
      return rows(p);
    }
  }

  /**
   * Up to {@code limit} rows with ids below {@code before} and not below {@code lowest}, newest
   * first. Read through a window of ids that widens (eight times each round) until it holds {@code
   * limit} rows or reaches {@code lowest}: H2 2.2, the copy Payara Micro bundles and its class
   * loader gives Livelog ahead of the WAR's 2.5, does not walk the primary key backwards for {@code
   * ORDER BY id DESC} but sorts every row below {@code before} (seconds on a million rows; with the
   * window, milliseconds). The caller gives a finite {@code before} (at most the newest id + 1).
   */
  static List<Row> descending(Connection c, long before, long lowest, int limit)
      throws SQLException {
    long window = Math.max(2L * limit, 1024);
    while (true) {
      long from = before - window <= lowest || before - window > before ? lowest : before - window;
      try (PreparedStatement p =
          c.prepareStatement(
              "SELECT id, ts, lvl, json FROM livelog_event WHERE id < ? AND id >= ?"
                  + " ORDER BY id DESC FETCH FIRST ? ROWS ONLY")) {
        p.setLong(1, before);
        p.setLong(2, from);
        p.setInt(3, limit);
        List<Row> rows = rows(p);
        if (rows.size() >= limit || from <= lowest) {
          return rows;
        }
      }
      window = window > Long.MAX_VALUE / 8 ? Long.MAX_VALUE : window * 8;
    }
  }

  /** The newest row, or null (small stores only: H2 2.2 sorts the table for this). */
  static Row newest(Connection c) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT id, ts, lvl, json FROM livelog_event ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")) {
      List<Row> rows = rows(p);
      return rows.isEmpty() ? null : rows.get(0);
    }
  }

  /** The newest row with an id below {@code before}, or null. */
  static Row newestBelow(Connection c, long before) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT id, ts, lvl, json FROM livelog_event WHERE id < ? ORDER BY id DESC"
                + " FETCH FIRST 1 ROWS ONLY")) {
      p.setLong(1, before);
      List<Row> rows = rows(p);
      return rows.isEmpty() ? null : rows.get(0);
    }
  }

  private static List<Row> rows(PreparedStatement p) throws SQLException {
    List<Row> out = new ArrayList<>();
    try (ResultSet r = p.executeQuery()) {
      while (r.next()) {
        out.add(new Row(r.getLong(1), r.getLong(2), r.getInt(3), r.getString(4)));
      }
    }
    return out;
  }

  /** A named number, or {@code otherwise} when none is stored. */
  static long meta(Connection c, String name, long otherwise) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT val FROM livelog_meta WHERE name = ?")) {
      p.setString(1, name);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getLong(1) : otherwise;
      }
    }
  }

  static void setMeta(Connection c, String name, long value) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("UPDATE livelog_meta SET val = ? WHERE name = ?")) {
      p.setLong(1, value);
      p.setString(2, name);
      if (p.executeUpdate() > 0) {
        return;
      }
    }
    try (PreparedStatement p =
        c.prepareStatement("INSERT INTO livelog_meta (name, val) VALUES (?, ?)")) {
      p.setString(1, name);
      p.setLong(2, value);
      p.executeUpdate();
    }
  }
}
