package io.livelog.stream.control;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** A sink that keeps its frames; closing it makes every later write fail, as a gone client does. */
final class FakeSink implements Sink {

  private final List<Frame> frames = new ArrayList<>();
  private final Supplier<CompletableFuture<?>> writes;
  private boolean closed;
  private volatile boolean writable = true;
  private volatile long lastId = -1;

  FakeSink() {
    this(() -> CompletableFuture.completedFuture(null));
  }

  /** A sink whose writes complete when the supplied futures do. */
  FakeSink(Supplier<CompletableFuture<?>> writes) {
    this.writes = writes;
  }

  @Override
  public synchronized CompletionStage<?> send(Frame frame) {
    if (closed) {
      return CompletableFuture.failedFuture(new java.io.IOException("closed"));
    }
    frames.add(frame);
    if ("logs".equals(frame.name())) {
      lastId = Long.parseLong(frame.id());
    }
    return writes.get();
  }

  @Override
  public boolean writable() {
    return writable;
  }

  /**
   * Makes the sink refuse (false) or take (true) more, as a client that stops or resumes reading.
   */
  void writable(boolean now) {
    writable = now;
  }

  @Override
  public synchronized boolean isClosed() {
    return closed;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  synchronized List<Frame> frames() {
    return new ArrayList<>(frames);
  }

  synchronized List<Frame> frames(String name) {
    return frames.stream().filter(f -> name.equals(f.name())).toList();
  }

  /** The ids of every event in the {@code logs} frames, in the order written. */
  synchronized List<Long> ids() {
    List<Long> ids = new ArrayList<>();
    for (Frame frame : frames) {
      if ("logs".equals(frame.name())) {
        var array =
            jakarta.json.Json.createReader(new java.io.StringReader(frame.text())).readArray();
        for (var value : array) {
          ids.add(Long.parseLong(value.asJsonObject().getString("id")));
        }
        long last = ids.get(ids.size() - 1);
        if (!Long.toString(last).equals(frame.id())) {
          throw new AssertionError("frame id " + frame.id() + " is not its last event's " + last);
        }
      }
    }
    return ids;
  }

  /** The id of the last {@code logs} frame written, or -1. */
  long lastId() {
    return lastId;
  }
}
