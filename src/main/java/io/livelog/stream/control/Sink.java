package io.livelog.stream.control;

import java.util.concurrent.CompletionStage;

/** Where a subscriber's frames go: the boundary adapts JAX-RS's {@code SseEventSink} to it. */
public interface Sink {

  /** Writes one frame; the stage fails when the client has gone. Never called concurrently. */
  CompletionStage<?> send(Frame frame);

  boolean isClosed();

  void close();
}
