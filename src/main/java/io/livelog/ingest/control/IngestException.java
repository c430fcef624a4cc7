package io.livelog.ingest.control;

/** An ingest body that cannot be accepted; names where (index or line) and which field. */
public class IngestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public IngestException(String field, String detail) {
    super(detail);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
