package io.livelog.store.control;

import java.util.Set;

/**
 * Which cluster node stores an event read from the grid when the nodes share one DataSource: the
 * node named in the event (the one that recorded it, unless the producer named a node itself), when
 * that node is live; otherwise (a producer's own node name, or a node that left) the first live
 * node by name. Every node reads the same events in the same order and, with the same view of who
 * is live, decides the same way; where views differ for a moment, a row offered twice is inserted
 * once ({@link StoreSql#appendAbsent}).
 */
public final class StoreOnce {

  private StoreOnce() {}

  /**
   * @param origin the event's {@code node}, or null
   * @param me this node's name
   * @param live the names of the nodes that published recently (this node among them or not)
   */
  public static boolean stores(String origin, String me, Set<String> live) {
    if (me.equals(origin)) {
      return true;
    }
    if (origin != null && live.contains(origin)) {
      return false;
    }
    String first = me;
    for (String node : live) {
      if (node.compareTo(first) < 0) {
        first = node;
      }
    }
    return me.equals(first);
  }
}
