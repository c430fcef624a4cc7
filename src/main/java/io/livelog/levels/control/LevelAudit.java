package io.livelog.levels.control;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Every level change and restore becomes a {@code security} event on the stream. */
@ApplicationScoped
public class LevelAudit {

  @Inject Event<LogEvent> events;

  Consumer<LogEvent> sink;

  @PostConstruct
  void init() {
    if (sink == null) {
      sink = events::fire;
    }
  }

  void changed(String logger, String level, String previous, int minutes, String by) {
    Map<String, Object> fields = fields(logger, level, previous, by);
    fields.put("minutes", minutes);
    emit(
        Level.WARN,
        by
            + " set logger "
            + logger
            + " to "
            + level
            + " for "
            + minutes
            + (minutes == 1 ? " minute" : " minutes")
            + " (was "
            + inherited(previous)
            + ")",
        fields);
  }

  /** {@code by} is null when the change expired. */
  void restored(String logger, String previous, String by) {
    emit(
        Level.INFO,
        "logger "
            + logger
            + " restored to "
            + inherited(previous)
            + (by == null ? " (its change expired)" : " by " + by),
        fields(logger, previous, null, by));
  }

  private static Map<String, Object> fields(
      String logger, String level, String previous, String by) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("loggerName", logger);
    fields.put("level", level == null ? "inherited" : level);
    if (previous != null) {
      fields.put("previous", previous);
    }
    if (by != null) {
      fields.put("user", by);
    }
    return fields;
  }

  private static String inherited(String level) {
    return level == null ? "inherited" : level;
  }

  private void emit(Level level, String message, Map<String, Object> fields) {
    sink.accept(
        new LogEvent(
            null,
            System.currentTimeMillis(),
            level,
            LogLevels.class.getName(),
            "security",
            null,
            null,
            message,
            null,
            fields));
  }
}
