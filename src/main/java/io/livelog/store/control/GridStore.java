package io.livelog.store.control;

import io.livelog.cluster.control.ClusterRelay;
import io.livelog.events.control.Node;
import io.livelog.events.entity.Recorded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The store's side of a cluster node's grid reader: what the reader recorded goes to the store
 * (never waited for), each event stored once across nodes sharing a DataSource ({@link StoreOnce}).
 * A node with its own embedded file stores no grid events (the file would lack every id the node
 * never read, ADR 18), so its history is the ring's; it says so at start.
 */
@ApplicationScoped
public class GridStore {

  private static final Logger LOG = Logger.getLogger(GridStore.class.getName());

  @Inject EventStore store;
  @Inject Node node;
  @Inject ClusterRelay cluster;

  /** Warns at start when this node is clustered and its store is not shared. */
  void started(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    if (cluster.active() && store.active() && !store.shared()) {
      LOG.warning(
          "Livelog: this node is clustered but stores history in its own embedded file, which"
              + " keeps no events from the grid: history goes back only as far as the memory ring"
              + " and is lost at a restart. Set livelog.store.datasource to a DataSource all nodes"
              + " share (README, History and storage).");
    }
  }

  /** Queues a batch the grid reader recorded. */
  public void keep(List<Recorded> events) {
    if (!store.active() || !store.shared() || events.isEmpty()) {
      return;
    }
    String me = node.name();
    Set<String> live = cluster.nodes().keySet();
    store.appendFromGrid(events, e -> StoreOnce.stores(e.event().node(), me, live));
  }

  /** This application's GridStore, or a sink that keeps nothing where CDI is not running. */
  public static Consumer<List<Recorded>> lookup() {
    try {
      GridStore bean = CDI.current().select(GridStore.class).get();
      return bean::keep;
    } catch (IllegalStateException e) {
      return events -> {};
    }
  }
}
