package io.livelog.store.control;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Writes the lost ranges the {@code livelog_lost} table lacks ({@link Losses}) into a transaction
 * that the caller commits: the writer's, so a row committed after a loss is never on disk without
 * that loss (a crash a moment later would otherwise leave the lost ids to be skipped without a
 * word), and once a second and at a clean close in a transaction of their own for losses no commit
 * followed. What a failed commit did not save is saved with the next.
 */
final class LossSaver {

  private final Losses losses;
  private final String node;

  LossSaver(Losses losses, String node) {
    this.losses = losses;
    this.node = node;
  }

  /**
   * Adds what the table lacks to {@code c}'s transaction: null when it lacks nothing, else what the
   * caller passes to {@link #committed} or {@link #failed}.
   */
  Losses.Unsaved write(Connection c) throws SQLException {
    Losses.Unsaved what = losses.unsaved();
    if (what == null) {
      return null;
    }
    try {
      LostSql.save(c, what, node);
    } catch (SQLException | RuntimeException e) {
      losses.notSaved(what);
      throw e;
    }
    return what;
  }

  void committed(Losses.Unsaved what) {
    if (what != null) {
      losses.saved(what);
    }
  }

  void failed(Losses.Unsaved what) {
    if (what != null) {
      losses.notSaved(what);
    }
  }
}
