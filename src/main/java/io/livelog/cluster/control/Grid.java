package io.livelog.cluster.control;

import java.util.List;
import java.util.Map;

/**
 * The data grid as Livelog uses it, in Livelog's own types so that nothing outside {@link
 * HazelcastGrid} names Hazelcast: one append-only log of prepared event bodies (JSON without id)
 * whose sequence numbers, added to a cluster-wide base, are the events' ids.
 */
public interface Grid {

  /**
   * The cluster's id base, created once by the first node that asks (its start time in ms × 1000);
   * stored in the same partition as the log, so both survive or are lost together.
   */
  long base();

  /** The oldest sequence the log still holds. */
  long head();

  /** The newest sequence in the log, or {@code head() - 1} when it is empty. */
  long tail();

  /**
   * Appends the bodies in this order as consecutive sequences, returning once they are stored with
   * their synchronous backup.
   *
   * @return the sequence of the last body
   * @throws Exception when the grid did not confirm within {@code timeoutMillis}
   */
  long append(List<String> bodies, long timeoutMillis) throws Exception;

  /**
   * Up to {@code max} items from sequence {@code from} on, waiting at most {@code timeoutMillis}
   * for the first one; null when none came. If {@code from} is older than the head, the read starts
   * at the head, which {@link Read#first()} tells.
   *
   * @throws IllegalArgumentException when {@code from} is beyond {@code tail() + 1} (the log was
   *     lost or replaced since)
   */
  Read read(long from, int max, long timeoutMillis) throws InterruptedException;

  /** Members of the grid this node sees now, itself included. */
  int members();

  /** Whether this node's grid member runs. */
  boolean running();

  /** Publishes this node's counters (a JSON object), kept for a short while. */
  void publish(String node, String json);

  /** The latest counters of every node that published recently, by node name. */
  Map<String, String> nodes();

  /**
   * Whether this node is the first in the grid to claim {@code key}: true for exactly one caller
   * until the claim expires after {@code ttlSeconds} (the alert webhook's post-once decision). By
   * default, as for a grid of one, always.
   */
  default boolean claim(String key, long ttlSeconds) {
    return true;
  }

  /** Stops waiting reads; the grid itself belongs to the server. */
  void close();

  /**
   * Items read from the log.
   *
   * @param first the sequence of the first item
   * @param bodies the items, consecutive
   */
  record Read(long first, List<String> bodies) {}
}
