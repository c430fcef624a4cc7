package io.livelog.alerts.control;

import java.util.ArrayDeque;

/**
 * The matching events of one rule within its window (at most {@code count} are held). When the
 * count is reached the window reports them and starts empty, so the next alert needs as many new
 * events again. Not thread-safe: one relay thread feeds it.
 */
final class RuleWindow {

  /** What a full window held: how many, the first and last id. */
  record Fired(int count, long firstId, long lastId) {}

  private final int count;
  private final long windowNanos;
  private final ArrayDeque<long[]> seen = new ArrayDeque<>();

  RuleWindow(int count, long windowNanos) {
    this.count = count;
    this.windowNanos = windowNanos;
  }

  /** Adds a matching event seen at {@code nowNanos}; the firing when it filled the window. */
  Fired add(long id, long nowNanos) {
    while (!seen.isEmpty() && nowNanos - seen.peekFirst()[0] > windowNanos) {
      seen.pollFirst();
    }
    seen.addLast(new long[] {nowNanos, id});
    if (seen.size() < count) {
      return null;
    }
    Fired fired = new Fired(seen.size(), seen.peekFirst()[1], seen.peekLast()[1]);
    seen.clear();
    return fired;
  }
}
