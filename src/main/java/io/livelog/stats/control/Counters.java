package io.livelog.stats.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts what came in, what went out and every drop, by reason. Cheap on every thread. */
@ApplicationScoped
public class Counters {

  /** Why an event, or a subscriber, was dropped. Every reason shows in the stats, even at 0. */
  public enum Drop {
    /** An ingest batch refused whole because the relay queue was full (counted per event). */
    ingestFull,
    /** A fired or captured event refused because the relay queue was full. */
    relayFull,
    /** A subscriber disconnected because it fell too far behind (counted per subscriber). */
    subscriberOverflow,
    /** Events still queued for a subscriber when it went away or overflowed. */
    subscriberPending,
    /** An event the relay failed to record or hand on. */
    relayError,
    /** An event that could not be serialized to JSON (for example a NaN in its fields). */
    unserializable,
    /** Cluster: events the data grid did not confirm in time (their producer was told). */
    clusterUnavailable,
    /** Cluster: events this node missed because it fell behind the cluster's log (a gap). */
    clusterBehind,
    /** Cluster: events not delivered again after the cluster's log was lost or replaced. */
    clusterRewound,
    /**
     * Cluster: bodies in the cluster's log that were not a JSON object (a placeholder went out).
     */
    clusterUnreadable,
    /** An alert notice not queued for a subscriber that already had too many pending. */
    alertOverflow,
    /** An alert not posted to the webhook because of its rate limit. */
    webhookLimited,
    /** An alert the webhook did not accept after every retry. */
    webhookFailed,
    /**
     * Store: events not stored because the writer's queue was full or the disk was below {@code
     * livelog.store.minFreeBytes} (an ingest refused for that is counted here, not as ingestFull).
     */
    storeFull,
    /** Store: events whose write failed (the database refused or was unreachable). */
    storeError,
    /** Store: ingest batches answered 503 because their commit took longer than allowed. */
    storeTimeout
  }

  private final java.util.concurrent.atomic.AtomicInteger subscribers =
      new java.util.concurrent.atomic.AtomicInteger();
  private final LongAdder eventsIn = new LongAdder();
  private final LongAdder eventsOut = new LongAdder();
  private final Map<Drop, LongAdder> drops = new ConcurrentHashMap<>();
  private final long startedAt = System.currentTimeMillis();

  /** The stream's subscribers came ({@code +1}) or went ({@code -1}). */
  public void subscribers(int delta) {
    subscribers.addAndGet(delta);
  }

  /** Subscribers streaming from this node now. */
  public int subscribers() {
    return subscribers.get();
  }

  public void eventsIn(int n) {
    eventsIn.add(n);
  }

  public void eventsOut(int n) {
    eventsOut.add(n);
  }

  public void drop(Drop reason, long n) {
    drops.computeIfAbsent(reason, r -> new LongAdder()).add(n);
  }

  public long eventsIn() {
    return eventsIn.sum();
  }

  public long eventsOut() {
    return eventsOut.sum();
  }

  public long dropped(Drop reason) {
    LongAdder adder = drops.get(reason);
    return adder == null ? 0 : adder.sum();
  }

  public Map<String, Long> drops() {
    Map<String, Long> out = new TreeMap<>();
    for (Drop reason : Drop.values()) {
      out.put(reason.name(), dropped(reason));
    }
    return out;
  }

  public long uptimeMillis() {
    return System.currentTimeMillis() - startedAt;
  }
}
