package io.livelog.stream.control;

import java.util.concurrent.CompletionStage;

/** Where a subscriber's frames go: the boundary adapts JAX-RS's {@code SseEventSink} to it. */
public interface Sink {

  /** Writes one frame; the stage fails when the client has gone. Never called concurrently. */
  CompletionStage<?> send(Frame frame);

  /**
   * Whether the container can take another frame without blocking (it holds no more than its own
   * bound for this connection). Asked before every write, from the writing thread; a container
   * without such a probe answers true, and a write that then blocks is handled by the hub.
   */
  default boolean writable() {
    return true;
  }

  boolean isClosed();

  void close();
}
