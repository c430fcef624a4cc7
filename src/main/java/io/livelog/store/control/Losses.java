package io.livelog.store.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ids the store was given but does not hold (a full queue or disk, a failed write), and after a
 * crash the ids between the newest stored one and the next run's first: readers name them as a gap
 * rather than skip them. Each range separately, first id to last, adjacent or overlapping ones
 * merged, so the stored ids between two losses are still read. Bounded: past {@link #MAX_RANGES}
 * the two ranges with the fewest ids between them are merged, and the stored ids between those two
 * are then named as part of a gap (memory stays bounded however often the writer drops); ranges
 * retention has passed are let go.
 *
 * <p>The ranges are also kept in the store's {@code livelog_lost} table ({@link LostSql}), so a
 * later run still names them: without it, a crash's gap was forgotten after the next restart and
 * its ids were then skipped without a word. The writer saves what is new in each commit's
 * transaction, the store once a second and at a clean close ({@link LossSaver}); the table is
 * written anew, whole, once it would hold more than twice the bound.
 */
final class Losses {

  /** The most lost ranges kept; beyond it the two closest neighbours become one. */
  static final int MAX_RANGES = 1024;

  /** What the table lacks: the ranges to add, or (when {@code whole}) all of them to write anew. */
  record Unsaved(boolean whole, List<long[]> ranges) {}

  private final TreeMap<Long, Long> ranges = new TreeMap<>();
  private final List<long[]> unsaved = new ArrayList<>();
  private boolean rewrite;
  private long savedRows;

  /** A range lost in this run: named to readers and saved to the table. */
  synchronized void lost(long from, long to) {
    if (from > to) {
      return;
    }
    merge(from, to);
    if (!rewrite) {
      unsaved.add(new long[] {from, to});
      if (savedRows + unsaved.size() > 2L * MAX_RANGES) {
        rewrite = true;
        unsaved.clear();
      }
    }
  }

  /** The ranges an earlier run saved, read at open (not saved again). */
  synchronized void restored(List<long[]> saved) {
    for (long[] range : saved) {
      if (range[0] <= range[1]) {
        merge(range[0], range[1]);
      }
    }
    savedRows = saved.size();
    rewrite = savedRows > 2L * MAX_RANGES;
  }

  private void merge(long from, long to) {
    long first = from;
    long last = to;
    Map.Entry<Long, Long> before = ranges.floorEntry(from);
    if (before != null && before.getValue() >= from - 1) {
      first = before.getKey();
      last = Math.max(last, before.getValue());
    }
    Map.Entry<Long, Long> next = ranges.ceilingEntry(first);
    while (next != null && next.getKey() <= last + 1) {
      last = Math.max(last, next.getValue());
      ranges.remove(next.getKey());
      next = ranges.ceilingEntry(first);
    }
    ranges.put(first, last);
    if (ranges.size() > MAX_RANGES) {
      mergeClosest();
    }
  }

  private void mergeClosest() {
    Map.Entry<Long, Long> closest = null;
    long fewest = Long.MAX_VALUE;
    Map.Entry<Long, Long> previous = null;
    for (Map.Entry<Long, Long> range : ranges.entrySet()) {
      if (previous != null && range.getKey() - previous.getValue() < fewest) {
        fewest = range.getKey() - previous.getValue();
        closest = previous;
      }
      previous = range;
    }
    long next = ranges.higherKey(closest.getKey());
    ranges.put(closest.getKey(), ranges.remove(next));
  }

  /** {@code {from, to}} of the lost range that holds {@code id}, or null. */
  synchronized long[] at(long id) {
    Map.Entry<Long, Long> range = ranges.floorEntry(id);
    return range == null || range.getValue() < id
        ? null
        : new long[] {range.getKey(), range.getValue()};
  }

  /** The first id of the first lost range that starts above {@code id}, or -1. */
  synchronized long after(long id) {
    Long first = ranges.higherKey(id);
    return first == null ? -1 : first;
  }

  /** The highest id lost, or -1: ids must continue above it, as above the newest stored. */
  synchronized long highest() {
    return ranges.isEmpty() ? -1 : ranges.lastEntry().getValue();
  }

  /** The lost ranges, oldest first. */
  synchronized List<long[]> ranges() {
    List<long[]> out = new ArrayList<>();
    ranges.forEach((from, to) -> out.add(new long[] {from, to}));
    return out;
  }

  /** Lets go of the ranges wholly below {@code retained}: a reader names those ids a gap anyway. */
  synchronized void forget(long retained) {
    ranges.headMap(retained).values().removeIf(to -> to < retained);
  }

  /**
   * Takes what the table lacks, or null when it has everything; the caller saves it and then calls
   * {@link #saved}, or {@link #notSaved} when it could not.
   */
  synchronized Unsaved unsaved() {
    if (rewrite) {
      rewrite = false;
      unsaved.clear();
      return new Unsaved(true, ranges());
    }
    if (unsaved.isEmpty()) {
      return null;
    }
    Unsaved out = new Unsaved(false, List.copyOf(unsaved));
    unsaved.clear();
    return out;
  }

  synchronized void saved(Unsaved what) {
    savedRows = what.whole() ? what.ranges().size() : savedRows + what.ranges().size();
  }

  /** Puts back what could not be saved, to be saved with the next. */
  synchronized void notSaved(Unsaved what) {
    if (what.whole()) {
      rewrite = true;
      unsaved.clear();
    } else if (!rewrite) {
      unsaved.addAll(0, what.ranges());
      if (savedRows + unsaved.size() > 2L * MAX_RANGES) {
        rewrite = true;
        unsaved.clear();
      }
    }
  }
}
