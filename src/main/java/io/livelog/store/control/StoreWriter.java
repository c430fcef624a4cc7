package io.livelog.store.control;

import io.livelog.events.entity.Recorded;
import io.livelog.stats.control.Counters;
import io.livelog.stats.control.Counters.Drop;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The store's one writer: takes recorded batches from a queue bounded in bytes (never blocking the
 * relay; a batch that does not fit is dropped and counted, and its acknowledgement fails), writes
 * everything queued in one transaction and commits at once, so a commit follows an event by at most
 * the poll interval (20 ms) plus the write. Each batch's future completes after its commit. Between
 * commits, once a second, it applies retention and checks the free disk. On a partitioned table it
 * first makes sure a partition lies ahead of the ids it writes ({@link Partitions#ensure}).
 */
final class StoreWriter implements Runnable {

  static final long POLL_MILLIS = 20;
  private static final Logger LOG = Logger.getLogger(StoreWriter.class.getName());

  /**
   * Recorded events in id order, those of them to insert ({@code rows}: all of them, or on a
   * cluster node sharing its DataSource only those it appended, inserted unless already there), and
   * the acknowledgement that completes after the commit.
   */
  record Batch(
      List<Recorded> events,
      List<Recorded> rows,
      boolean shared,
      CompletableFuture<Boolean> ack,
      long bytes,
      long queuedAt) {}

  /** What the writer checks between commits: retention and the free disk. */
  interface Housekeeping {
    /** Returns true to be called again after the next commit, false to wait a second. */
    boolean run(Connection c) throws SQLException;
  }

  private final DataSource dataSource;
  private final StoreState state;
  private final Counters counters;
  private final long maxQueueBytes;
  private final Housekeeping housekeeping;
  private final Partitions partitions;
  private final LossSaver losses;
  private final LinkedBlockingQueue<Batch> queue = new LinkedBlockingQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private volatile boolean running = true;
  private long lastHousekeeping;
  private boolean housekeepingBehind;
  private long lastFailureLog;

  StoreWriter(
      DataSource dataSource,
      StoreState state,
      Counters counters,
      long maxQueueBytes,
      Housekeeping housekeeping) {
    this(dataSource, state, counters, maxQueueBytes, housekeeping, null, null);
  }

  /**
   * @param partitions the partitions of a partitioned table, made ready before each write; null
   *     when the table is not partitioned
   * @param losses saves new lost ranges in each commit's transaction; null: not saved
   */
  StoreWriter(
      DataSource dataSource,
      StoreState state,
      Counters counters,
      long maxQueueBytes,
      Housekeeping housekeeping,
      Partitions partitions,
      LossSaver losses) {
    this.dataSource = dataSource;
    this.state = state;
    this.counters = counters;
    this.maxQueueBytes = maxQueueBytes;
    this.housekeeping = housekeeping;
    this.partitions = partitions;
    this.losses = losses;
  }

  /** Queues the events; false (counted as {@code storeFull}) when the queue's bytes are spent. */
  boolean offer(List<Recorded> events, CompletableFuture<Boolean> ack) {
    return offer(events, events, false, ack);
  }

  /**
   * Queues {@code events} of which only {@code rows} are inserted (unless a row with the id is
   * there already, when {@code shared}); the others only move the committed id on, in order.
   */
  boolean offer(
      List<Recorded> events, List<Recorded> rows, boolean shared, CompletableFuture<Boolean> ack) {
    long bytes = 0;
    for (Recorded event : rows) {
      bytes += StoreSql.bytes(event);
    }
    while (true) {
      long now = queuedBytes.get();
      if (!running || now > 0 && now + bytes > maxQueueBytes) {
        counters.drop(Drop.storeFull, rows.size());
        if (!rows.isEmpty()) {
          state.lost(events.get(0).id(), events.get(events.size() - 1).id());
        }
        ack.complete(false);
        return false;
      }
      if (queuedBytes.compareAndSet(now, now + bytes)) {
        break;
      }
    }
    if (!events.isEmpty()) {
      state.offered(events.get(events.size() - 1).id());
    }
    queue.add(new Batch(events, rows, shared, ack, bytes, System.nanoTime()));
    return true;
  }

  boolean hasRoom() {
    return queuedBytes.get() < maxQueueBytes;
  }

  long queuedBytes() {
    return queuedBytes.get();
  }

  @Override
  public void run() {
    List<Batch> batches = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Batch first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first != null) {
          batches.add(first);
          queue.drainTo(batches);
          write(batches);
        }
        housekeeping();
      } catch (InterruptedException e) {
        // stop() ends the loop; the queue is still written out
      } finally {
        batches.clear();
      }
    }
  }

  /** Ends the loop once the queue is written, waiting at most {@code millis}. */
  void stop(Thread thread, long millis) {
    running = false;
    try {
      thread.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void write(List<Batch> batches) {
    long queued = 0;
    List<Recorded> events = new ArrayList<>();
    List<Recorded> absent = new ArrayList<>();
    long newest = -1;
    for (Batch batch : batches) {
      (batch.shared() ? absent : events).addAll(batch.rows());
      queued += batch.bytes();
      if (!batch.events().isEmpty()) {
        newest = Math.max(newest, batch.events().get(batch.events().size() - 1).id());
      }
    }
    queuedBytes.addAndGet(-queued);
    if (newest < 0) {
      completeAll(batches);
      return;
    }
    int rows = events.size() + absent.size();
    if (state.diskLow && rows > 0) {
      fail(batches, rows, Drop.storeFull, null);
      return;
    }
    long start = System.nanoTime();
    Losses.Unsaved lost = null;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        if (partitions != null && rows > 0) {
          // its own short transaction: the partition DDL never waits behind the inserts
          partitions.ensure(c, newest);
        }
        long bytes = events.isEmpty() ? 0 : StoreSql.append(c, events);
        bytes += absent.isEmpty() ? 0 : StoreSql.appendAbsent(c, absent);
        // ranges lost before these rows go on disk with them
        lost = losses == null ? null : losses.write(c);
        c.commit();
        if (losses != null) {
          losses.committed(lost);
          lost = null;
        }
        long end = System.nanoTime();
        state.committed(
            rows,
            bytes,
            newest,
            TimeUnit.NANOSECONDS.toMillis(end - batches.get(0).queuedAt()),
            TimeUnit.NANOSECONDS.toMillis(end - start));
        if (state.oldestId < 0) {
          state.oldest(StoreSql.oldest(c));
        }
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException | RuntimeException e) {
      if (losses != null) {
        losses.failed(lost);
      }
      fail(batches, rows, Drop.storeError, e);
      return;
    }
    completeAll(batches);
  }

  private static void completeAll(List<Batch> batches) {
    for (Batch batch : batches) {
      batch.ack().complete(true);
    }
  }

  private void fail(List<Batch> batches, int events, Drop reason, Exception e) {
    counters.drop(reason, events);
    long firstId = -1;
    long lastId = -1;
    for (Batch batch : batches) {
      if (!batch.events().isEmpty()) {
        firstId = firstId < 0 ? batch.events().get(0).id() : firstId;
        lastId = batch.events().get(batch.events().size() - 1).id();
      }
    }
    if (lastId >= 0) {
      state.lost(firstId, lastId);
      state.settled(lastId);
    }
    for (Batch batch : batches) {
      batch.ack().complete(false);
    }
    long now = System.currentTimeMillis();
    if (e != null && now - lastFailureLog > 10_000) {
      lastFailureLog = now;
      LOG.log(Level.WARNING, "Livelog could not write " + events + " events to its store", e);
    }
  }

  private void housekeeping() {
    long now = System.currentTimeMillis();
    if (now - lastHousekeeping < 1000 && !housekeepingBehind) {
      return;
    }
    lastHousekeeping = now;
    housekeepingBehind = false;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      housekeepingBehind = housekeeping.run(c);
      c.commit();
    } catch (SQLException | RuntimeException e) {
      if (now - lastFailureLog > 10_000) {
        lastFailureLog = now;
        LOG.log(Level.WARNING, "Livelog's store retention failed", e);
      }
    }
  }
}
