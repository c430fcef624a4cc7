package io.livelog.ingest.control;

/**
 * A well-formed ingest that is not taken: too large (413) or not now (503, retry after the given
 * seconds). Counted where it is decided.
 */
public class IngestRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;
  private final long retryAfterSeconds;

  IngestRefused(int status, String title, String detail, long retryAfterSeconds) {
    super(detail);
    this.status = status;
    this.title = title;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static IngestRefused tooLarge(String detail) {
    return new IngestRefused(413, "Payload too large", detail, 0);
  }

  public static IngestRefused unavailable(long retryAfterSeconds, String detail) {
    return new IngestRefused(503, "Service unavailable", detail, retryAfterSeconds);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** Seconds for {@code Retry-After}; 0 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
