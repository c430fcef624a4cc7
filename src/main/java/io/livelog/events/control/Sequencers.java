package io.livelog.events.control;

import io.livelog.cluster.control.ClusterRelay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Chooses the {@link Sequencer} once: the grid's when Payara's data grid was found at start ({@link
 * ClusterRelay#active()}), else the local one, which only then starts its thread.
 */
@ApplicationScoped
public class Sequencers {

  @Inject LocalSequencer local;
  @Inject ClusterRelay grid;

  private volatile Sequencer chosen;

  public Sequencer get() {
    Sequencer now = chosen;
    if (now == null) {
      synchronized (this) {
        if (chosen == null) {
          chosen = grid.active() ? grid : local.started();
        }
        now = chosen;
      }
    }
    return now;
  }
}
