package io.livelog.alerts.control;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import java.util.Locale;

/**
 * One rule: at least {@code count} events of {@code minLevel} or above, from loggers starting with
 * {@code loggerPrefix} (any when empty), whose message contains {@code text} (case-insensitive; any
 * when null), within {@code windowSeconds}.
 *
 * @param name the rule's name, in its alerts
 * @param description the rule as written
 */
public record AlertRule(
    String name,
    int count,
    Level minLevel,
    String loggerPrefix,
    String text,
    long windowSeconds,
    String description) {

  public boolean matches(LogEvent event) {
    return event.level().ordinal() >= minLevel.ordinal()
        && event.logger().startsWith(loggerPrefix)
        && (text == null || event.message().toLowerCase(Locale.ROOT).contains(text));
  }
}
