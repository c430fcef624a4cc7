package io.livelog.events.control;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The one place that orders events: it alone assigns their ids, records them in history (and the
 * store) and publishes each batch to the stream, as a {@link
 * io.livelog.events.entity.RecordedBatch}. A single node has the {@link LocalSequencer}; a cluster
 * node has the grid's ({@link io.livelog.cluster.control.ClusterRelay}). {@link EventRelay} only
 * takes events in and hands them here; {@link Sequencers} chooses which one runs.
 */
public interface Sequencer {

  /**
   * Takes prepared events, in order, all or none. With {@code acknowledged} (an ingest answer) the
   * result tells when they are safe (committed, or in the grid with its backup); without it (a
   * {@code fire()}, a captured record) nothing waits.
   */
  Submitted append(List<PreparedEvent> events, long bytes, boolean acknowledged);

  /** Whether it is taking and handing on events. */
  boolean isRunning();

  /** Events taken and not yet handed on. */
  int queued();

  /**
   * What became of an ingest batch.
   *
   * @param taken false when the batch did not fit into the queue (the caller counts it)
   * @param stored completes true once the batch is committed to the store (at once when no commit
   *     is awaited), false when the store did not take it (counted where that was decided)
   * @param unconfirmed on a cluster node: the grid did not confirm the batch in time (it may still
   *     store it; a failure is counted by the appender)
   * @param lastId on a cluster node: the id the grid gave the batch's last event, which the node
   *     stores once its grid reader recorded it (an ingest waits for that commit); -1 elsewhere
   */
  record Submitted(
      boolean taken, CompletableFuture<Boolean> stored, boolean unconfirmed, long lastId) {

    public static final Submitted REFUSED =
        new Submitted(false, CompletableFuture.completedFuture(false), false, -1);
    public static final Submitted DONE =
        new Submitted(true, CompletableFuture.completedFuture(true), false, -1);
    public static final Submitted UNCONFIRMED =
        new Submitted(true, CompletableFuture.completedFuture(false), true, -1);

    public Submitted(boolean taken, CompletableFuture<Boolean> stored, boolean unconfirmed) {
      this(taken, stored, unconfirmed, -1);
    }

    /** A batch the grid stored with its backup; {@code lastId} is its last event's id. */
    public static Submitted confirmed(long lastId) {
      return new Submitted(true, CompletableFuture.completedFuture(true), false, lastId);
    }
  }
}
