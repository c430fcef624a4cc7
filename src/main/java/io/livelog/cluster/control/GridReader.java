package io.livelog.cluster.control;

import io.livelog.events.control.HistoryBuffer;
import io.livelog.events.control.PreparedEvent;
import io.livelog.events.entity.HistoryRestarted;
import io.livelog.events.entity.Recorded;
import io.livelog.events.entity.RecordedBatch;
import io.livelog.stats.control.Counters;
import io.livelog.stats.control.Counters.Drop;
import io.livelog.store.control.GridStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A node's one reader of the cluster's log: it records every event, from whichever node, into the
 * local history with the id {@code base + sequence} and hands it to the stream, so every node
 * delivers the same ids in the same order. It starts at the log's head, so a node that (re)joins
 * catches up on what the cluster still holds. Each recorded batch also goes to the store ({@link
 * GridStore}: on nodes sharing a DataSource each event is stored once, by the node that recorded
 * it), never waited for.
 *
 * <p>Nothing is skipped silently. When the log no longer holds the next sequence (this node fell
 * behind by more than the log's capacity), local history restarts at the oldest held and live
 * streams end, so their reconnect gets a {@code gap}; the missed events are counted as {@code
 * clusterBehind}. When the log is shorter than what this node read (it was lost, or replaced by the
 * other side's after a network partition healed), ids never go back: events at or below the newest
 * id already delivered are counted as {@code clusterRewound} and not delivered again.
 */
final class GridReader {

  static final int MAX_READ = 1000;

  private final Grid grid;
  private final HistoryBuffer history;
  private final Counters counters;
  private final Consumer<RecordedBatch> stream;
  private final Consumer<HistoryRestarted> restarted;
  private final Consumer<List<Recorded>> store;
  private volatile long base;
  private long nextSequence;
  private long lastId = -1;
  private volatile long lastReadNanos = System.nanoTime();
  private volatile Throwable failure;

  GridReader(
      Grid grid,
      HistoryBuffer history,
      Counters counters,
      Consumer<RecordedBatch> stream,
      Consumer<HistoryRestarted> restarted) {
    this(grid, history, counters, stream, restarted, GridStore.lookup());
  }

  /** With {@code store} taking every recorded batch (the store decides what it keeps). */
  GridReader(
      Grid grid,
      HistoryBuffer history,
      Counters counters,
      Consumer<RecordedBatch> stream,
      Consumer<HistoryRestarted> restarted,
      Consumer<List<Recorded>> store) {
    this.grid = grid;
    this.store = store;
    this.history = history;
    this.counters = counters;
    this.stream = stream;
    this.restarted = restarted;
  }

  /**
   * Where reading starts: the log's oldest event. History continues at that event's id at once, so
   * the first read is not a restart: a browser that connected before this node read anything (an
   * empty log, capture off) is not cut by it, and skips nothing below its own start.
   */
  void open() {
    base = grid.base();
    nextSequence = grid.head();
    if (lastId < 0) {
      history.restart(base + nextSequence);
    }
  }

  /** Reads and records one batch, waiting at most {@code timeoutMillis}; false when none came. */
  boolean step(long timeoutMillis) throws InterruptedException {
    Grid.Read read;
    try {
      read = grid.read(nextSequence, MAX_READ, timeoutMillis);
      failure = null;
      lastReadNanos = System.nanoTime();
    } catch (IllegalArgumentException beyondTail) {
      // the log is shorter than what was read: lost, or replaced after a partition healed
      base = grid.base();
      nextSequence = grid.head();
      return false;
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
    if (read == null) {
      return false;
    }
    nextSequence = read.first() + read.bodies().size();
    record(base + read.first(), read.bodies());
    return true;
  }

  private void record(long firstId, List<String> bodies) {
    int skip = 0;
    if (lastId >= 0 && firstId <= lastId) {
      skip = (int) Math.min(bodies.size(), lastId - firstId + 1);
      counters.drop(Drop.clusterRewound, skip);
      if (skip == bodies.size()) {
        return;
      }
    }
    long id = firstId + skip;
    if (id != history.nextId()) {
      long missing = lastId < 0 ? -1 : lastId + 1;
      if (missing >= 0) {
        counters.drop(Drop.clusterBehind, id - missing);
      }
      history.restart(id);
      restarted.accept(new HistoryRestarted(missing, id));
    }
    List<PreparedEvent> events = new ArrayList<>(bodies.size() - skip);
    for (int i = skip; i < bodies.size(); i++) {
      events.add(
          EventBodies.prepared(bodies.get(i), () -> counters.drop(Drop.clusterUnreadable, 1)));
    }
    List<Recorded> recorded = history.record(events);
    lastId = recorded.get(recorded.size() - 1).id();
    store.accept(recorded);
    stream.accept(new RecordedBatch(recorded));
  }

  /** The last read's failure while it lasts, else null. */
  Throwable failure() {
    return failure;
  }

  /** Nanoseconds since the grid last answered a read. */
  long silentNanos(long now) {
    return now - lastReadNanos;
  }

  /** The id of the event at a sequence of the log. */
  long idOf(long sequence) {
    return base + sequence;
  }

  /** How many events the log holds beyond what this node read. */
  long lag() {
    return Math.max(0, grid.tail() + 1 - nextSequence);
  }
}
