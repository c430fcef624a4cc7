package io.livelog.stream.control;

import java.util.concurrent.TimeUnit;

/**
 * The stream's knobs, read once from MicroProfile Config by the hub.
 *
 * @param maxSubscribers {@code livelog.subscribers.max}: streams this node serves
 * @param maxPerUser {@code livelog.subscribers.perUser}: streams of one identity
 * @param maxFilters {@code livelog.filters.max}: distinct filters (groups)
 * @param groupBytes {@code livelog.subscriber.maxPendingBytes}: each group's ring of encoded
 *     events, so how far behind a subscriber may fall before it is cut
 * @param memoryBytes {@code livelog.stream.maxBytes}: the node's budget for all rings, fan-out
 *     queues and replay pages together
 * @param stallSeconds {@code livelog.subscriber.stallSeconds}: no byte accepted for this long while
 *     there is something to write cuts a subscriber
 * @param heartbeatSeconds {@code livelog.heartbeat.seconds}
 * @param healthSeconds {@code livelog.health.seconds}, announced to the page
 * @param retryMillis {@code livelog.retry.millis}
 * @param writers {@code livelog.stream.writers}: writer threads, 0 for one per core (at least 2)
 * @param shards {@code livelog.stream.fanOutThreads}: fan-out threads, 0 for one per core
 * @param writeRate {@code livelog.stream.writeRate}: the writes a second above which a group's
 *     wake-ups linger ({@link Linger}), 0 for never
 */
public record StreamSettings(
    int maxSubscribers,
    int maxPerUser,
    int maxFilters,
    long groupBytes,
    long memoryBytes,
    int stallSeconds,
    int heartbeatSeconds,
    int healthSeconds,
    long retryMillis,
    int writers,
    int shards,
    int writeRate) {

  /** A probe's share of the writers: at most one idle stream probed every this many nanoseconds. */
  static final long PROBE_SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  /**
   * How long a stream may stay quiet before it gets a {@code : ping}: the heartbeat, or sooner
   * while the node serves few streams (each stream every second up to 500 of them, then the
   * subscribers times 2 ms, at most 500 pings a second). A container learns that a client went away
   * only when a write to it fails (on Payara Micro the first after the close; where the first only
   * draws the client's reset, the second), so a closed stream is released within one or two of
   * these rather than of heartbeats.
   */
  long quietNanos(int subscribers) {
    long heartbeat = TimeUnit.SECONDS.toNanos(Math.max(1, heartbeatSeconds));
    long probe = Math.max(TimeUnit.SECONDS.toNanos(1), subscribers * PROBE_SPACING_NANOS);
    return Math.min(heartbeat, probe);
  }

  int writerThreads() {
    return writers > 0 ? writers : Math.max(2, Runtime.getRuntime().availableProcessors());
  }

  int shardThreads() {
    return shards > 0 ? shards : Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  long retryAfterSeconds() {
    return Math.max(1, (retryMillis + 999) / 1000);
  }
}
