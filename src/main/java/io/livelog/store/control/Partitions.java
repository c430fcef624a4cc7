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
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The event table in time partitions, on PostgreSQL: {@code livelog_event} partitioned by range of
 * id, contiguous partitions {@code livelog_event_<from>_<to>} and a default partition that only
 * ever receives rows below the oldest partition (a cluster node writing late after a drop).
 *
 * <p>Ids are not a clock (a run starts at its start time in ms × 1000, then counts one per event),
 * so a partition cannot be a fixed range of ids per period. Instead the writer, before it inserts,
 * makes sure a partition lies ahead of the one its ids fall in; when its writes enter the last
 * partition it creates the next one, as wide as the ids that arrived in one period ({@code
 * livelog.store.partitionMinutes}) at the rate the previous partition filled, or a fixed number of
 * ids ({@code livelog.store.partitionEvents}). So each partition holds about one period and an
 * insert never waits for a missing partition.
 *
 * <p>Nodes sharing the database change partitions only under one transaction-scoped advisory lock,
 * reading the catalog under it: bounds come from what exists, so two nodes never create overlapping
 * ranges (an {@code IF NOT EXISTS} alone would not stop two different ranges).
 */
final class Partitions {

  static final String DEFAULT = "livelog_event_default";
  static final long MIN_WIDTH = 1000;

  /** The key of the advisory lock around every change to the partitions ("livelog" in ASCII). */
  static final long LOCK = 0x6c6976656c6f67L;

  private static final Pattern NAME = Pattern.compile("livelog_event_(\\d+)_(\\d+)");

  /** One partition: the ids from {@code from} inclusive to {@code to} exclusive. */
  record Partition(String name, long from, long to) {}

  /** The oldest partition wholly below the newest row, what it holds and its newest row. */
  record Finished(Partition partition, Extent extent, Row newest) {}

  private final long periodMillis;
  private final long fixedWidth;
  private final LongSupplier clock;
  private long lastFrom = -1;
  private long markId = -1;
  private long markMillis;
  private long currentSince;

  /**
   * @param periodMillis how much time a partition should hold
   * @param fixedWidth ids per partition instead, when above 0
   */
  Partitions(long periodMillis, long fixedWidth, LongSupplier clock) {
    this.periodMillis = Math.max(1, periodMillis);
    this.fixedWidth = fixedWidth;
    this.clock = clock;
  }

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

  /**
   * Before the writer inserts ids up to {@code maxId}: makes sure partitions cover them and one
   * more lies ahead, and commits what it created. Without SQL while the ids stay below the last
   * partition. Returns the partitions created.
   */
  int ensure(Connection c, long maxId) throws SQLException {
    if (maxId < lastFrom) {
      return 0;
    }
    lock(c);
    List<Partition> all = list(c);
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
        create(c, from, to);
        lastFrom = from;
        created++;
      }
    }
    c.commit();
    return created;
  }

  /**
   * Ids for the next partition: those that arrived in one period at the rate since the previous
   * partition was created (at least {@link #MIN_WIDTH}, at most the ids' own 1000 a millisecond).
   */
  long width(long maxId) {
    if (fixedWidth > 0) {
      return fixedWidth;
    }
    long now = clock.getAsLong();
    long width = MIN_WIDTH;
    if (markId >= 0 && maxId > markId) {
      double perMilli = (double) (maxId - markId) / Math.max(1, now - markMillis);
      width = (long) Math.min(1000.0 * periodMillis, Math.max(MIN_WIDTH, perMilli * periodMillis));
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

  /**
   * Takes the lock (held to the caller's commit) and finds the oldest partition that lies wholly
   * below the newest row, so is not being written; null when there is none.
   */
  static Finished oldestFinished(Connection c) throws SQLException {
    lock(c);
    List<Partition> all = list(c);
    Row newest = StoreSql.newest(c);
    if (all.isEmpty() || newest == null || all.get(0).to() > newest.id()) {
      return null;
    }
    Partition oldest = all.get(0);
    // every row below its end is in it, or in the default partition (which goes with it)
    return new Finished(
        oldest, StoreSql.extent(c, oldest.to() - 1), StoreSql.newestBelow(c, oldest.to()));
  }

  /** Drops the partition, and the default partition's rows below its end; the caller commits. */
  static void drop(Connection c, Partition partition) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + partition.name());
    }
    try (PreparedStatement p = c.prepareStatement("DELETE FROM " + DEFAULT + " WHERE id < ?")) {
      p.setLong(1, partition.to());
      p.executeUpdate();
    }
  }

  static String name(long from, long to) {
    return "livelog_event_" + from + "_" + to;
  }

  private static void create(Connection c, long from, long to) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + name(from, to)
              + " PARTITION OF livelog_event FOR VALUES FROM ("
              + from
              + ") TO ("
              + to
              + ")");
    }
  }

  private static void lock(Connection c) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      p.setLong(1, LOCK);
      p.executeQuery().close();
    }
  }
}
