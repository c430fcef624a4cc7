package io.livelog.stream.control;

/** Thrown when {@code livelog.subscribers.max} streams are already open. */
public class HubFullException extends RuntimeException {

  private final long retryAfterSeconds;

  public HubFullException(long retryAfterSeconds) {
    super("the stream is full: too many subscribers");
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
