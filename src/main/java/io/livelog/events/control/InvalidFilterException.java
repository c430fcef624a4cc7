package io.livelog.events.control;

/** A query parameter that cannot be read; the boundary answers it with 400 naming the field. */
public class InvalidFilterException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidFilterException(String field, String detail) {
    super(detail);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
