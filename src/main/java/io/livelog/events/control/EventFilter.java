package io.livelog.events.control;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.events.entity.Recorded;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The stream's and the history's filter: minimum level, logger prefixes, sources, apps (the
 * deployment a captured record came from) and a case-insensitive substring of the message. Equal
 * filters share one {@link #key()}.
 */
public final class EventFilter {

  public static final EventFilter ALL =
      new EventFilter(null, List.of(), List.of(), List.of(), null);

  private final Level minLevel;
  private final List<String> loggers;
  private final List<String> sources;
  private final List<String> apps;
  private final String query;
  private final boolean verbatimInJson;
  private final String key;

  private EventFilter(
      Level minLevel, List<String> loggers, List<String> sources, List<String> apps, String query) {
    this.minLevel = minLevel;
    this.loggers = List.copyOf(new TreeSet<>(loggers));
    this.sources = List.copyOf(new TreeSet<>(sources));
    this.apps = List.copyOf(new TreeSet<>(apps));
    this.query = query;
    this.verbatimInJson = query != null && query.chars().allMatch(EventFilter::verbatim);
    this.key =
        (minLevel == null ? "" : minLevel.name())
            + '\u0000'
            + String.join("\u0001", this.loggers)
            + '\u0000'
            + String.join("\u0001", this.sources)
            + '\u0000'
            + String.join("\u0001", this.apps)
            + '\u0000'
            + (query == null ? "" : query);
  }

  /**
   * Builds a filter from the query parameters.
   *
   * @throws InvalidFilterException naming the parameter when a value is malformed
   */
  public static EventFilter of(
      String level, List<String> loggers, List<String> sources, String query) {
    return of(level, loggers, sources, List.of(), query);
  }

  /**
   * Builds a filter from the query parameters, {@code app} included.
   *
   * @throws InvalidFilterException naming the parameter when a value is malformed
   */
  public static EventFilter of(
      String level, List<String> loggers, List<String> sources, List<String> apps, String query) {
    Level min = null;
    if (level != null && !level.isBlank()) {
      min =
          Level.parse(level)
              .orElseThrow(
                  () ->
                      new InvalidFilterException(
                          "level",
                          "unknown level '" + level + "'; use one of TRACE DEBUG INFO WARN ERROR"));
    }
    List<String> cleanLoggers = clean("logger", loggers);
    List<String> cleanSources = clean("source", sources);
    List<String> cleanApps = clean("app", apps);
    if (query != null && query.length() > 1000) {
      throw new InvalidFilterException("q", "the search text is longer than 1000 characters");
    }
    String q = query == null || query.isEmpty() ? null : query.toLowerCase(Locale.ROOT);
    if (min == null
        && cleanLoggers.isEmpty()
        && cleanSources.isEmpty()
        && cleanApps.isEmpty()
        && q == null) {
      return ALL;
    }
    return new EventFilter(min, cleanLoggers, cleanSources, cleanApps, q);
  }

  private static List<String> clean(String name, List<String> values) {
    if (values == null) {
      return List.of();
    }
    for (String value : values) {
      if (value == null || value.isBlank() || value.length() > 500) {
        throw new InvalidFilterException(name, "each " + name + " must be 1 to 500 characters");
      }
      if (value.chars().anyMatch(Character::isISOControl)) {
        throw new InvalidFilterException(name, name + " must not contain control characters");
      }
    }
    return values;
  }

  public boolean matches(LogEvent event) {
    return matchesFields(event)
        && (query == null || event.message().toLowerCase(Locale.ROOT).contains(query));
  }

  /** {@link #matches(LogEvent)} with the recorded event's message lowered once for all filters. */
  public boolean matches(Recorded recorded) {
    return matchesFields(recorded.event())
        && (query == null || recorded.lowerMessage().contains(query));
  }

  /**
   * False when an event stored as this JSON text cannot match the search text, decided without
   * parsing it: a text of printable ASCII other than quote and backslash appears in the JSON as it
   * is wherever it appears in the message, so a JSON that does not contain it (lowered) holds no
   * message that does. True when it may match, or when the text could be escaped in JSON.
   */
  public boolean mayMatchJson(String json) {
    return !verbatimInJson || json.toLowerCase(Locale.ROOT).contains(query);
  }

  private static boolean verbatim(int c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  }

  private boolean matchesFields(LogEvent event) {
    if (minLevel != null && event.level().ordinal() < minLevel.ordinal()) {
      return false;
    }
    if (!sources.isEmpty() && !sources.contains(event.source())) {
      return false;
    }
    if (!apps.isEmpty() && (event.app() == null || !apps.contains(event.app()))) {
      return false;
    }
    if (!loggers.isEmpty() && loggers.stream().noneMatch(event.logger()::startsWith)) {
      return false;
    }
    return true;
  }

  public boolean matchesAll() {
    return this == ALL;
  }

  public String key() {
    return key;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EventFilter that && key.equals(that.key);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key);
  }

  @Override
  public String toString() {
    return "EventFilter[level="
        + minLevel
        + ", loggers="
        + loggers
        + ", sources="
        + sources
        + ", apps="
        + apps
        + ", q="
        + query
        + "]";
  }
}
