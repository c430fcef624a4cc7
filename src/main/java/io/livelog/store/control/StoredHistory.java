package io.livelog.store.control;

import io.livelog.cluster.control.ClusterRelay;
import io.livelog.events.control.EventFilter;
import io.livelog.events.control.HistoryBuffer;
import io.livelog.events.control.HistoryBuffer.Page;
import io.livelog.events.control.HistorySearch;
import io.livelog.events.entity.LogEvent;
import io.livelog.events.entity.Recorded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * History as readers see it: the memory ring first, the store for what the ring no longer holds. A
 * range the ring lost is read from the store once the writer committed it, so a resume is exact;
 * only ids that retention deleted come back as a gap. Without a store this is the ring alone.
 */
@ApplicationScoped
public class StoredHistory {

  /** How long a reader waits for the writer to commit a range the ring already evicted. */
  static final long CATCH_UP_MILLIS = 2000;

  /** {@link #CATCH_UP_MILLIS}; shorter in unit tests. */
  long catchUpMillis = CATCH_UP_MILLIS;

  /**
   * How long one replay page may read the store: a page with a rare filter over a large store ends
   * where it got to (it always reads its first block of rows), and the stream reads on from there,
   * so no page holds one of the stream's two replay readers for long.
   */
  static final long PAGE_MILLIS = 200;

  /** {@link #PAGE_MILLIS}; 0 in unit tests. */
  long pageMillis = PAGE_MILLIS;

  @Inject HistoryBuffer ring;
  @Inject EventStore store;

  /**
   * On a cluster node events come from the grid; they are stored (once) only when the nodes share a
   * DataSource. With each node's own file, history is the ring's alone.
   */
  @Inject ClusterRelay cluster;

  /**
   * What a history read found.
   *
   * @param events oldest first
   * @param missedFrom first id of a range retention deleted, or -1
   * @param missedTo last id of that range, or -1
   * @param scannedTo the last id considered
   * @param expired true when the read ended early, before the end of its range: the search's budget
   *     was spent, or the store's writer had not committed the next ids yet; continue from {@code
   *     scannedTo}
   */
  public record Found(
      List<Recorded> events, long missedFrom, long missedTo, long scannedTo, boolean expired) {

    Page page() {
      return new Page(events, missedFrom, missedTo, scannedTo);
    }
  }

  /**
   * For a resuming stream: the ring's page, with what it lost read from the store for at most
   * {@link #PAGE_MILLIS}. Its {@code scannedTo} is always above {@code afterId} when ids lie
   * between {@code afterId} and {@code before}, unless the store's writer has not committed them
   * yet.
   */
  public Page page(long afterId, long before, EventFilter filter, int limit) {
    return after(afterId, before, HistorySearch.of(filter, pageMillis), limit).page();
  }

  /**
   * Matches with ids above {@code afterId} and below {@code before}, oldest first. What the ring
   * evicted is read from the store; a range the store does not hold either (retention, or recorded
   * and not stored) is named as the page's gap, which always comes before its events: a page ends
   * where a second such range starts, and the next page names it. A page also ends before the first
   * id the store's writer has not committed yet (after waiting {@link #CATCH_UP_MILLIS} for it),
   * marked {@code expired}: those ids are read by the next page, not skipped.
   */
  public Found after(long afterId, long before, HistorySearch search, int limit) {
    Budget budget = new Budget(search);
    Page memory = ring.page(afterId, before, budget, limit);
    StoreReader reader = store.reader();
    if (!memory.missed() || reader == null || unstoredCluster()) {
      return budget.cut(
          memory.events(), memory.missedFrom(), memory.missedTo(), memory.scannedTo(), false);
    }
    long lostTo = memory.missedTo();
    long readable = reader.awaitReadable(lostTo, catchUpMillis);
    long cursor = afterId;
    long gapFrom = -1;
    long gapTo = -1;
    List<Recorded> found = new ArrayList<>();
    while (cursor < lostTo) {
      if (cursor > afterId && search.expired()) {
        // each stretch between lost ranges reads its first block: stop once past the budget
        return new Found(found, gapFrom, gapTo, cursor, true);
      }
      long missingTo = reader.missingAfter(cursor, lostTo);
      if (missingTo >= 0) {
        if (!found.isEmpty() || gapFrom >= 0 && gapTo != cursor) {
          return new Found(found, gapFrom, gapTo, cursor, false);
        }
        gapFrom = gapFrom < 0 ? cursor + 1 : gapFrom;
        gapTo = missingTo;
        cursor = missingTo;
        continue;
      }
      if (cursor >= readable) {
        // the writer is behind: the next ids are neither stored yet nor lost
        return new Found(found, gapFrom, gapTo, cursor, true);
      }
      long readTo = reader.storedUntil(cursor, readable);
      StoreReader.Scan scan = reader.ascending(cursor, readTo + 1, search, limit - found.size());
      found.addAll(scan.events());
      if (scan.expired() || found.size() >= limit || scan.scannedTo() < readTo) {
        return new Found(found, gapFrom, gapTo, scan.scannedTo(), scan.expired());
      }
      cursor = readTo;
    }
    Found rest = budget.cut(memory.events(), -1, -1, memory.scannedTo(), false);
    for (Recorded event : rest.events()) {
      if (found.size() == limit) {
        return new Found(found, gapFrom, gapTo, found.get(found.size() - 1).id(), false);
      }
      found.add(event);
    }
    return new Found(found, gapFrom, gapTo, rest.scannedTo(), rest.expired());
  }

  private boolean unstoredCluster() {
    return cluster != null && cluster.active() && !store.shared();
  }

  /** The newest matches with ids below {@code beforeId}, oldest first. */
  public Found before(long beforeId, HistorySearch search, int limit) {
    Budget budget = new Budget(search);
    List<Recorded> memory = ring.before(beforeId, budget, limit);
    Found fromMemory = budget.cut(memory, -1, -1, beforeId, true);
    StoreReader reader = store.reader();
    if (fromMemory.expired() || memory.size() >= limit || reader == null || unstoredCluster()) {
      return fromMemory;
    }
    long ringFirst = ring.snapshot().first();
    long storeBefore = Math.min(beforeId, ringFirst);
    if (reader.awaitReadable(storeBefore - 1, catchUpMillis) < storeBefore - 1) {
      // the writer has not committed the ids right below the ring yet: none older can be answered
      // without a hole, so the read stops at the ring, to continue below it later
      return new Found(fromMemory.events(), -1, -1, storeBefore, true);
    }
    StoreReader.Scan scan = reader.descending(storeBefore, search, limit - memory.size());
    List<Recorded> all = new ArrayList<>(scan.events());
    all.addAll(memory);
    return new Found(all, -1, -1, scan.scannedTo(), scan.expired());
  }

  /**
   * The search as the ring applies it: a regular expression that outlives the budget counts as no
   * match and marks the read expired at that event, so the answer stops just before it.
   */
  private static final class Budget implements Predicate<LogEvent> {

    private final HistorySearch search;
    private long expiredAt = -1;
    private boolean tested;

    Budget(HistorySearch search) {
      this.search = search;
    }

    @Override
    public boolean test(LogEvent event) {
      if (expiredAt >= 0) {
        return false;
      }
      boolean first = !tested;
      tested = true;
      try {
        return search.test(event);
      } catch (HistorySearch.Expired e) {
        if (!first) {
          expiredAt = Long.parseLong(event.id());
        }
        // the first event whose pattern outlived the whole budget is no match, so every read gets
        // further (the next event finds the budget spent)
        return false;
      }
    }

    /**
     * The events read before the budget ran out; reading newest first ({@code descending}) those
     * above the event it ran out on, and the read continues before it (inclusive).
     */
    Found cut(
        List<Recorded> events, long missedFrom, long missedTo, long scannedTo, boolean descending) {
      if (expiredAt < 0) {
        return new Found(events, missedFrom, missedTo, scannedTo, false);
      }
      List<Recorded> kept = new ArrayList<>();
      for (Recorded event : events) {
        if (descending ? event.id() > expiredAt : event.id() < expiredAt) {
          kept.add(event);
        }
      }
      long continueAt = descending ? expiredAt + 1 : expiredAt - 1;
      return new Found(kept, missedFrom, missedTo, continueAt, true);
    }
  }
}
