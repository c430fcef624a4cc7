package io.livelog.events.control;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What history is asked for beyond the stream's filter: a time range on {@code ts} ({@code
 * from}/{@code to}, inclusive) and a regular expression on the message. A search has a deadline: a
 * regular expression that is still matching when it passes stops with {@link Expired}, so no
 * pattern holds a thread for longer than the request's budget.
 */
public final class HistorySearch implements Predicate<LogEvent> {

  public static final int MAX_REGEX = 500;

  private final EventFilter filter;
  private final long from;
  private final long to;
  private final Pattern regex;
  private final long deadline;
  private final int minLevel;

  /** The search ran out of its time budget in the middle of an event. */
  public static final class Expired extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Expired() {
      super("search budget spent", null, false, false);
    }
  }

  private HistorySearch(
      EventFilter filter, long from, long to, Pattern regex, long deadline, int minLevel) {
    this.filter = filter;
    this.from = from;
    this.to = to;
    this.regex = regex;
    this.deadline = deadline;
    this.minLevel = minLevel;
  }

  /**
   * This search, telling a store that rows below {@code level} (the filter's own minimum, which the
   * filter checks anyway) can be skipped before their JSON is read; null changes nothing.
   */
  public HistorySearch atLeast(Level level) {
    return level == null
        ? this
        : new HistorySearch(filter, from, to, regex, deadline, level.ordinal());
  }

  /** True when a row of this level (its ordinal) cannot match: skip it unread. */
  public boolean levelBelow(int ordinal) {
    return ordinal < minLevel;
  }

  /** Only the stream's filter, no deadline. */
  public static HistorySearch of(EventFilter filter) {
    return new HistorySearch(filter, Long.MIN_VALUE, Long.MAX_VALUE, null, Long.MAX_VALUE, 0);
  }

  /** Only the stream's filter, with {@code budgetMillis} from now to run. */
  public static HistorySearch of(EventFilter filter, long budgetMillis) {
    return new HistorySearch(
        filter,
        Long.MIN_VALUE,
        Long.MAX_VALUE,
        null,
        System.nanoTime() + budgetMillis * 1_000_000,
        0);
  }

  /**
   * Reads {@code from}, {@code to} (ISO-8601 or epoch milliseconds) and {@code regex}.
   *
   * @param budgetMillis how long the search may run from now
   * @throws InvalidFilterException naming the parameter that cannot be read
   */
  public static HistorySearch of(
      EventFilter filter, String from, String to, String regex, long budgetMillis) {
    long fromTs = from == null || from.isBlank() ? Long.MIN_VALUE : time("from", from);
    long toTs = to == null || to.isBlank() ? Long.MAX_VALUE : time("to", to);
    if (fromTs > toTs) {
      throw new InvalidFilterException("to", "to must not be before from");
    }
    Pattern pattern = null;
    if (regex != null && !regex.isEmpty()) {
      if (regex.length() > MAX_REGEX) {
        throw new InvalidFilterException(
            "regex", "the regular expression is longer than " + MAX_REGEX + " characters");
      }
      try {
        pattern = Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new InvalidFilterException(
            "regex", "not a regular expression: " + e.getDescription());
      }
    }
    return new HistorySearch(
        filter, fromTs, toTs, pattern, System.nanoTime() + budgetMillis * 1_000_000, 0);
  }

  static long time(String field, String text) {
    String value = text.trim();
    if (value.matches("\\d{1,15}")) {
      return Long.parseLong(value);
    }
    try {
      return OffsetDateTime.parse(value).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(value).toEpochMilli();
      } catch (DateTimeParseException again) {
        throw new InvalidFilterException(
            field, field + " must be ISO-8601 (2026-12-07T14:05:00Z) or epoch milliseconds");
      }
    }
  }

  /** True when only the stream's filter applies (no range, no pattern). */
  public boolean plain() {
    return regex == null && from == Long.MIN_VALUE && to == Long.MAX_VALUE;
  }

  /** False when a row of this JSON text cannot match (see {@link EventFilter#mayMatchJson}). */
  public boolean mayMatchJson(String json) {
    return filter.mayMatchJson(json);
  }

  /** Whether {@code ts} is inside the range: lets a store skip a row before reading its JSON. */
  public boolean inRange(long ts) {
    return ts >= from && ts <= to;
  }

  public boolean expired() {
    return System.nanoTime() - deadline > 0;
  }

  @Override
  public boolean test(LogEvent event) {
    if (!inRange(event.ts()) || !filter.matches(event)) {
      return false;
    }
    if (regex == null) {
      return true;
    }
    Matcher matcher = regex.matcher(new Deadlined(event.message(), deadline));
    return matcher.find();
  }

  /** A message that stops a runaway match once the deadline passes (checked every 1024 reads). */
  private static final class Deadlined implements CharSequence {

    private final String text;
    private final long deadline;
    private int reads;

    Deadlined(String text, long deadline) {
      this.text = text;
      this.deadline = deadline;
    }

    @Override
    public char charAt(int index) {
      if ((++reads & 0x3FF) == 0 && System.nanoTime() - deadline > 0) {
        throw new Expired();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Deadlined(text.substring(start, end), deadline);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
