package io.livelog.alerts.control;

import io.livelog.events.entity.Alert;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * Decides whether this node posts an alert's webhook. Every node of a cluster reads every event in
 * the same order with the same ids and evaluates the same rules, so each raises the same alert; the
 * first node to claim the alert's key in the grid posts it, the others leave it. A single node
 * always posts. When the grid cannot answer, this node posts anyway: a duplicate post is better
 * than none.
 */
final class PostOnce {

  private static final Logger LOG = Logger.getLogger(PostOnce.class.getName());

  /** How long a claim is kept: far beyond any node's delay in reading the cluster's log. */
  static final long CLAIM_SECONDS = 600;

  /** What the decision was. */
  enum Decision {
    POST,
    OTHER_NODE
  }

  private final Predicate<String> claim;

  /**
   * @param claim true when this node is the first to claim the key (grid-wide); may throw
   */
  PostOnce(Predicate<String> claim) {
    this.claim = claim;
  }

  Decision decide(Alert alert) {
    try {
      return claim.test(key(alert)) ? Decision.POST : Decision.OTHER_NODE;
    } catch (RuntimeException e) {
      LOG.warning("Livelog: the grid did not say who posts alert " + alert.rule() + "; posting");
      return Decision.POST;
    }
  }

  /**
   * The same on every node for the same firing: the rule as written (its name and text) and the id
   * of the event that filled its window, which is cluster-wide.
   */
  static String key(Alert alert) {
    return "alert|" + alert.rule() + "|" + alert.description() + "|" + alert.lastId();
  }
}
