package io.livelog.levels.control;

/** A level change that cannot be made as asked, naming the offending field. */
public class LevelChangeException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final String field;

  public LevelChangeException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
