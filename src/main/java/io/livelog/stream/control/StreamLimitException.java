package io.livelog.stream.control;

/**
 * A stream refused before it starts because a limit is reached: {@code livelog.subscribers.max}
 * (the node is full), {@code livelog.subscribers.perUser} (this identity has enough), or {@code
 * livelog.filters.max} (too many distinct filters).
 */
public class StreamLimitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Which limit was reached. */
  public enum Limit {
    /** Every stream slot of the node is taken: 503. */
    SUBSCRIBERS,
    /** This identity has its share of streams: 429. */
    PER_USER,
    /** The node serves as many distinct filters as it may: 503. */
    FILTERS
  }

  private final Limit limit;
  private final long retryAfterSeconds;

  public StreamLimitException(Limit limit, long retryAfterSeconds, String message) {
    super(message);
    this.limit = limit;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public Limit limit() {
    return limit;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
