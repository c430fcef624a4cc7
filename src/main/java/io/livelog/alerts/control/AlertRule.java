package io.livelog.alerts.control;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import jakarta.json.JsonString;
import java.util.Locale;
import java.util.Map;

/**
 * One rule: at least {@code count} events of {@code minLevel} or above, from loggers starting with
 * {@code loggerPrefix} (any when empty), whose message contains {@code text} (case-insensitive; any
 * when null), whose fields hold every value of {@code where}, within {@code windowSeconds}.
 *
 * @param name the rule's name, in its alerts
 * @param where field name to the value it must have (its text); {@code source}, {@code app}, {@code
 *     node}, {@code thread} and {@code traceId} name the event's own attributes, any other name one
 *     of its {@code fields}
 * @param description the rule as written
 */
public record AlertRule(
    String name,
    int count,
    Level minLevel,
    String loggerPrefix,
    String text,
    Map<String, String> where,
    long windowSeconds,
    String description) {

  public AlertRule {
    where = where == null ? Map.of() : Map.copyOf(where);
  }

  public boolean matches(LogEvent event) {
    return event.level().ordinal() >= minLevel.ordinal()
        && event.logger().startsWith(loggerPrefix)
        && (text == null || event.message().toLowerCase(Locale.ROOT).contains(text))
        && fieldsMatch(event);
  }

  private boolean fieldsMatch(LogEvent event) {
    for (Map.Entry<String, String> condition : where.entrySet()) {
      Object value = value(event, condition.getKey());
      if (value == null || !condition.getValue().equals(text(value))) {
        return false;
      }
    }
    return true;
  }

  /** A field's text: ingested fields are JSON values, whose {@code toString} quotes strings. */
  private static String text(Object value) {
    return value instanceof JsonString json ? json.getString() : String.valueOf(value);
  }

  static Object value(LogEvent event, String field) {
    return switch (field) {
      case "source" -> event.source();
      case "app" -> event.app();
      case "node" -> event.node();
      case "thread" -> event.thread();
      case "traceId" -> event.traceId();
      default -> event.fields() == null ? null : event.fields().get(field);
    };
  }
}
