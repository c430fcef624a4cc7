package io.livelog.stream.control;

import java.io.IOException;

/**
 * Where a subscriber's bytes go, without ever blocking: the boundary adapts a Servlet response in
 * non-blocking mode ({@code WriteListener}). Only the subscriber's one drain at a time calls {@link
 * #ready()}, {@link #write}, {@link #flush()} and {@link #close()}.
 */
public interface Sink {

  /**
   * Hands the sink its subscriber: from now on the container tells it when it can write ({@link
   * Subscriber#writePossible()}, at least once at the start) and when the client has gone ({@link
   * Subscriber#failed()}).
   */
  void open(Subscriber subscriber);

  /**
   * Whether a write now would not block. When false, the sink calls {@link
   * Subscriber#writePossible()} once it can take more.
   */
  boolean ready();

  /** Writes bytes; only right after {@link #ready()} answered true. Never blocks. */
  void write(byte[] bytes, int offset, int length) throws IOException;

  /** Sends what was written on to the client; only right after {@link #ready()} answered true. */
  void flush() throws IOException;

  /** Ends the response; the container releases what it still buffers for the client. */
  void close();
}
