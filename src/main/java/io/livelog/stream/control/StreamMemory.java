package io.livelog.stream.control;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes the stream holds on this node, against one budget ({@code livelog.stream.maxBytes}):
 * the groups' rings of encoded chunks, the batches waiting for fan-out, and the replay pages of
 * resuming subscribers. Over the budget the hub trims the largest ring first, which cuts its
 * furthest laggards.
 */
final class StreamMemory {

  private final long budget;
  private final AtomicLong streams = new AtomicLong();
  private final AtomicLong fanOut = new AtomicLong();
  private final AtomicLong replay = new AtomicLong();

  StreamMemory(long budget) {
    this.budget = budget;
  }

  void streams(long delta) {
    streams.addAndGet(delta);
  }

  void fanOut(long delta) {
    fanOut.addAndGet(delta);
  }

  void replay(long delta) {
    replay.addAndGet(delta);
  }

  long streams() {
    return streams.get();
  }

  long fanOut() {
    return fanOut.get();
  }

  long replay() {
    return replay.get();
  }

  long total() {
    return streams.get() + fanOut.get() + replay.get();
  }

  long budget() {
    return budget;
  }

  boolean over() {
    return total() > budget;
  }
}
