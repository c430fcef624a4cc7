package io.livelog.store.control;

import io.livelog.cluster.control.ClusterRelay;
import io.livelog.events.control.Node;
import io.livelog.events.entity.Recorded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The store's side of a cluster node's grid reader: what the reader recorded goes to the store
 * (never waited for), each event stored once across nodes sharing a DataSource ({@link StoreOnce}),
 * every event in a node's own embedded file.
 */
@ApplicationScoped
public class GridStore {

  @Inject EventStore store;
  @Inject Node node;
  @Inject ClusterRelay cluster;

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
