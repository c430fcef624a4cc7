package io.livelog.events.control;

import io.livelog.events.control.EventRelay.Submitted;
import java.util.List;

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
}
