package io.livelog.events.control;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A producer-side queue's bound in events and in bytes (the single node's relay queue, a cluster
 * node's grid appender): room is reserved before anything is queued, all or nothing, and released
 * once the consumer took it. A batch larger than a bound still fits into an empty queue (ingest
 * refuses batches above the event capacity before they get here).
 */
public final class QueueBound {

  private final int capacity;
  private final long maxBytes;
  private final AtomicInteger events = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();

  public QueueBound(int capacity, long maxBytes) {
    this.capacity = capacity;
    this.maxBytes = maxBytes;
  }

  /** Reserves room for {@code n} events of {@code size} bytes in all; false when there is none. */
  public boolean reserve(int n, long size) {
    while (true) {
      int now = events.get();
      if (now > 0 && now + n > capacity) {
        return false;
      }
      if (events.compareAndSet(now, now + n)) {
        break;
      }
    }
    while (true) {
      long now = bytes.get();
      if (now > 0 && now + size > maxBytes) {
        events.addAndGet(-n);
        return false;
      }
      if (bytes.compareAndSet(now, now + size)) {
        return true;
      }
    }
  }

  /** The consumer took {@code n} events of {@code size} bytes (either may be 0). */
  public void release(int n, long size) {
    events.addAndGet(-n);
    bytes.addAndGet(-size);
  }

  public int events() {
    return events.get();
  }

  public long bytes() {
    return bytes.get();
  }
}
