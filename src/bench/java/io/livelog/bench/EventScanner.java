package io.livelog.bench;

import org.HdrHistogram.Recorder;

/**
 * Finds Livelog events in JSON as its bytes stream by, without building objects or buffering: a
 * rolling window spots {@code {"id":"}, {@code "ts":} and {@code "bt":}; each event's latency is
 * recorded from the publisher's {@code bt} field (its {@code System.nanoTime()} at send, in this
 * JVM) or else from {@code ts} (epoch ms). JSON escapes every quote inside a string, so these
 * patterns only ever match keys.
 */
final class EventScanner {

  private static final long ID = pattern("{\"id\":\"");
  private static final long TS = pattern("\"ts\":");
  private static final long BT = pattern("\"bt\":");
  private static final long MASK7 = (1L << 56) - 1;
  private static final long MASK5 = (1L << 40) - 1;
  private static final int NONE = 0;
  private static final int IN_ID = 1;
  private static final int IN_TS = 2;
  private static final int IN_BT = 3;

  private final Recorder latency;
  private long window;
  private int state;
  private long value;
  private long ts;
  private boolean pending;
  long nowNanos;
  long nowMillis;

  /** Events seen since the last {@link #take}. */
  private long events;

  long lastId = -1;

  EventScanner(Recorder latency) {
    this.latency = latency;
  }

  private static long pattern(String text) {
    long p = 0;
    for (char c : text.toCharArray()) {
      p = (p << 8) | c;
    }
    return p;
  }

  void feed(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      feed(b[i]);
    }
  }

  void feed(byte b) {
    window = (window << 8) | (b & 0xFF);
    if (state != NONE) {
      if (b >= '0' && b <= '9') {
        value = value * 10 + (b - '0');
        return;
      }
      finishNumber();
    }
    if (b == '"') {
      if ((window & MASK7) == ID) {
        state = IN_ID;
        value = 0;
      }
    } else if (b == ':') {
      long w = window & MASK5;
      if (w == TS) {
        state = IN_TS;
        value = 0;
      } else if (w == BT && pending) {
        state = IN_BT;
        value = 0;
      }
    }
  }

  private void finishNumber() {
    switch (state) {
      case IN_ID -> {
        flushPending();
        lastId = value;
        events++;
      }
      case IN_TS -> {
        ts = value;
        pending = true;
      }
      case IN_BT -> {
        record((nowNanos - value) / 1000);
        pending = false;
      }
      default -> {}
    }
    state = NONE;
  }

  private void flushPending() {
    if (pending) {
      record((nowMillis - ts) * 1000);
      pending = false;
    }
  }

  /** Ends a JSON document (a batch or a response body); returns the events it held. */
  long take() {
    if (state != NONE) {
      finishNumber();
    }
    flushPending();
    window = 0;
    long n = events;
    events = 0;
    return n;
  }

  private void record(long micros) {
    if (latency != null) {
      latency.recordValue(Math.max(0, Math.min(micros, 3_600_000_000L)));
    }
  }
}
