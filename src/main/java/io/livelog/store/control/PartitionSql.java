package io.livelog.store.control;

import io.livelog.store.control.StoreSql.Extent;
import io.livelog.store.control.StoreSql.Row;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's side of a partitioned event table ({@link Partitions}): {@code livelog_event}
 * partitioned by range of id, contiguous partitions {@code livelog_event_<from>_<to>} (the bounds
 * are in the name) and a default partition that only ever receives rows below the oldest partition
 * (a cluster node writing late after a drop). Every change to the partitions is made under one
 * transaction-scoped advisory lock, after reading the catalog under it, so nodes sharing the
 * database never create overlapping ranges (an {@code IF NOT EXISTS} alone would not stop two
 * different ranges) nor drop one twice. Every method works on the connection it is given; the
 * caller commits, which releases the lock.
 */
final class PartitionSql {

  static final String DEFAULT = "livelog_event_default";

  /** The key of the advisory lock around every change to the partitions ("livelog" in ASCII). */
  static final long LOCK = 0x6c6976656c6f67L;

  private static final Pattern NAME = Pattern.compile("livelog_event_(\\d+)_(\\d+)");

  private PartitionSql() {}

  /** One partition: the ids from {@code from} inclusive to {@code to} exclusive. */
  record Partition(String name, long from, long to) {}

  /** The oldest partition wholly below the newest row, and its newest row (null when empty). */
  record Finished(Partition partition, Row newest) {}

  static boolean postgres(Connection c) throws SQLException {
    return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
  }

  /**
   * Creates the partitioned table and its default partition unless the table exists; a table an
   * earlier version made stays as it is (unpartitioned: retention deletes ranges there).
   */
  static void createTable(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS livelog_event ("
              + StoreSql.EVENT_COLUMNS
              + ") PARTITION BY RANGE (id)");
      if (partitioned(c)) {
        s.execute("CREATE TABLE IF NOT EXISTS " + DEFAULT + " PARTITION OF livelog_event DEFAULT");
      }
    }
  }

  static boolean partitioned(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT relkind FROM pg_class WHERE oid = to_regclass('livelog_event')")) {
      return r.next() && "p".equals(r.getString(1));
    }
  }

  /** The range partitions, oldest first (not the default one). */
  static List<Partition> list(Connection c) throws SQLException {
    List<Partition> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " WHERE i.inhparent = to_regclass('livelog_event')")) {
      while (r.next()) {
        Matcher m = NAME.matcher(r.getString(1));
        if (m.matches()) {
          out.add(
              new Partition(
                  r.getString(1), Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
        }
      }
    }
    out.sort(Comparator.comparingLong(Partition::from));
    return out;
  }

  static void create(Connection c, long from, long to) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS livelog_event_"
              + from
              + "_"
              + to
              + " PARTITION OF livelog_event FOR VALUES FROM ("
              + from
              + ") TO ("
              + to
              + ")");
    }
  }

  /**
   * Takes the lock and finds the oldest partition that lies wholly below the newest row, so is not
   * being written; null when there is none.
   */
  static Finished oldestFinished(Connection c) throws SQLException {
    lock(c);
    List<Partition> all = list(c);
    Row newest = StoreSql.newest(c);
    if (all.isEmpty() || newest == null || all.get(0).to() > newest.id()) {
      return null;
    }
    Partition oldest = all.get(0);
    return new Finished(oldest, StoreSql.newestBelow(c, oldest.to()));
  }

  /**
   * Drops the partition, and the default partition's rows below its end. Returns what went: every
   * row below its end was in one of the two (read first: a scan of the partition).
   */
  static Extent drop(Connection c, Partition partition) throws SQLException {
    Extent extent = StoreSql.extent(c, partition.to() - 1);
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + partition.name());
    }
    try (PreparedStatement p = c.prepareStatement("DELETE FROM " + DEFAULT + " WHERE id < ?")) {
      p.setLong(1, partition.to());
      p.executeUpdate();
    }
    return extent;
  }

  /** Waits for the advisory lock, held until the transaction ends. */
  static void lock(Connection c) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      p.setLong(1, LOCK);
      p.executeQuery().close();
    }
  }
}
