package io.livelog.events.entity;

/**
 * The history started again at a later id because the events before it cannot be had any more (a
 * cluster node fell behind the cluster's log): live streams end, so that their reconnect with
 * {@code Last-Event-ID} reads the {@code gap} from history.
 *
 * @param firstMissing the first id this node never recorded, or -1 when none was lost
 * @param next the id history continues with
 */
public record HistoryRestarted(long firstMissing, long next) {}
