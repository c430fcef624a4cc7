package io.livelog.ingest.control;

import io.livelog.events.control.EventRelay;
import io.livelog.events.control.Node;
import io.livelog.events.control.Sequencer.Submitted;
import io.livelog.events.entity.LogEvent;
import io.livelog.stats.control.Counters;
import io.livelog.stats.control.Counters.Drop;
import io.livelog.store.control.EventStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * An ingest batch's way in: refused at once while the store cannot take it (disk below {@code
 * livelog.store.minFreeBytes}, writer queue full), else queued whole, and with {@code
 * livelog.store.ack=commit} waited for until the store committed it, at most {@code
 * livelog.store.ackTimeoutMillis}. Every refusal is counted once, where it is decided.
 */
@ApplicationScoped
public class Intake {

  /** What the shipper is told. */
  public enum Outcome {
    ACCEPTED,
    /** The relay's queue was full. */
    FULL,
    /** The store could not take or write the events. */
    STORE_REFUSED,
    /** The store did not commit them in time (they may still be stored later). */
    STORE_TIMEOUT,
    /** Cluster: the grid did not confirm the events in time (they may still be stored). */
    UNCONFIRMED
  }

  @Inject EventRelay relay;
  @Inject EventStore store;
  @Inject Counters counters;
  @Inject Node node;

  @Inject
  @ConfigProperty(name = "livelog.store.ackTimeoutMillis", defaultValue = "10000")
  long ackTimeoutMillis;

  public Outcome take(List<LogEvent> events) {
    if (events.isEmpty()) {
      return Outcome.ACCEPTED;
    }
    if (!store.accepting()) {
      counters.drop(Drop.storeFull, events.size());
      return Outcome.STORE_REFUSED;
    }
    Submitted submitted = relay.submitAll(events);
    if (!submitted.taken()) {
      counters.drop(Drop.ingestFull, events.size());
      return Outcome.FULL;
    }
    if (submitted.unconfirmed()) {
      return Outcome.UNCONFIRMED;
    }
    if (submitted.lastId() >= 0 && store.acknowledgesCommits() && store.shared()) {
      // a cluster node: the grid holds the batch, and this node's writer stores it once its grid
      // reader hands it on; the answer waits for that commit, as on a single node. Events that
      // name another live node are stored by that node: then the answer also waits until the
      // database holds every id of the batch (the grid gives a batch consecutive ids)
      long start = System.nanoTime();
      long lastId = submitted.lastId();
      if (store.awaitStored(lastId, ackTimeoutMillis)
          && (!namesAnotherNode(events)
              || store.awaitRows(
                  lastId - events.size() + 1,
                  lastId,
                  ackTimeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)))) {
        return Outcome.ACCEPTED;
      }
      counters.drop(Drop.storeTimeout, events.size());
      return Outcome.STORE_TIMEOUT;
    }
    try {
      return submitted.stored().get(ackTimeoutMillis, TimeUnit.MILLISECONDS)
          ? Outcome.ACCEPTED
          : Outcome.STORE_REFUSED;
    } catch (TimeoutException e) {
      counters.drop(Drop.storeTimeout, events.size());
      return Outcome.STORE_TIMEOUT;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      counters.drop(Drop.storeTimeout, events.size());
      return Outcome.STORE_TIMEOUT;
    } catch (ExecutionException e) {
      counters.drop(Drop.storeError, events.size());
      return Outcome.STORE_REFUSED;
    }
  }

  private boolean namesAnotherNode(List<LogEvent> events) {
    for (LogEvent event : events) {
      if (event.node() != null && !event.node().equals(node.name())) {
        return true;
      }
    }
    return false;
  }

  /** The most events one batch may hold. */
  public int capacity() {
    return relay.capacity();
  }
}
