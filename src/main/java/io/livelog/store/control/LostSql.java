package io.livelog.store.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The table of lost id ranges ({@link Losses}): one row a range as it was lost, with the node that
 * lost it, no key (a range can be lost again with the same first id, after a second crash), merged
 * when read. Cluster nodes sharing a DataSource each read and rewrite only their own rows: a node
 * that failed to store a grid batch names its whole span lost, ids other nodes stored among them.
 * Small: the writer writes it anew once it would hold more than twice {@link Losses#MAX_RANGES}
 * rows, and retention deletes the rows it has passed. Plain JDBC for H2 and PostgreSQL; the caller
 * commits.
 */
final class LostSql {

  private LostSql() {}

  static void createTable(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS livelog_lost (node VARCHAR(255) NOT NULL, from_id BIGINT"
              + " NOT NULL, to_id BIGINT NOT NULL)");
    }
  }

  /**
   * The saved ranges that reach {@code from} or above, as saved: those {@code node} saved, or every
   * node's when it is null.
   */
  static List<long[]> read(Connection c, long from, String node) throws SQLException {
    List<long[]> out = new ArrayList<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT from_id, to_id FROM livelog_lost WHERE to_id >= ?"
                + (node == null ? "" : " AND node = ?"))) {
      p.setLong(1, from);
      if (node != null) {
        p.setString(2, node);
      }
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(new long[] {r.getLong(1), r.getLong(2)});
        }
      }
    }
    return out;
  }

  /**
   * Saves what the table lacks for {@code node}: adds the ranges, or replaces its rows with them.
   */
  static void save(Connection c, Losses.Unsaved what, String node) throws SQLException {
    if (what.whole()) {
      try (PreparedStatement p = c.prepareStatement("DELETE FROM livelog_lost WHERE node = ?")) {
        p.setString(1, node);
        p.executeUpdate();
      }
    }
    if (what.ranges().isEmpty()) {
      return;
    }
    try (PreparedStatement p =
        c.prepareStatement("INSERT INTO livelog_lost (node, from_id, to_id) VALUES (?, ?, ?)")) {
      for (long[] range : what.ranges()) {
        p.setString(1, node);
        p.setLong(2, range[0]);
        p.setLong(3, range[1]);
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  /** Deletes the ranges wholly below {@code retained}. */
  static void forget(Connection c, long retained) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("DELETE FROM livelog_lost WHERE to_id < ?")) {
      p.setLong(1, retained);
      p.executeUpdate();
    }
  }
}
