package io.livelog.events.control;

import java.util.OptionalLong;

/**
 * Event ids as clients send them: {@code Last-Event-ID}, {@code lastEventId}, {@code after}, {@code
 * before}.
 */
public final class EventIds {

  private EventIds() {}

  /**
   * The id in {@code text}, or empty when there is none.
   *
   * @throws InvalidFilterException naming {@code field} when it is not a non-negative decimal id
   */
  public static OptionalLong parse(String field, String text) {
    if (text == null || text.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      long id = Long.parseLong(text.trim());
      if (id >= 0) {
        return OptionalLong.of(id);
      }
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw new InvalidFilterException(field, field + " must be a non-negative decimal event id");
  }
}
