package io.livelog.events.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.io.Serializable;
import java.util.Map;

/**
 * One log event, as it travels on the wire. Producers fire it with a {@code null} id; the history
 * assigns the id. Optional fields are {@code null} and therefore absent from the JSON.
 *
 * @param id decimal string of the event's sequence number, assigned by the history
 * @param ts epoch milliseconds when the event happened
 * @param level the mapped level
 * @param logger the logger or category name
 * @param source where it came from: server, app, http, health, or a producer's own name
 * @param node the node that recorded it
 * @param thread the producing thread's name, optional
 * @param message the message text
 * @param thrown a stack trace, optional
 * @param fields structured extra fields, optional
 */
@JsonbPropertyOrder({
  "id", "ts", "level", "logger", "source", "node", "thread", "message", "thrown", "fields"
})
public record LogEvent(
    String id,
    long ts,
    Level level,
    String logger,
    String source,
    String node,
    String thread,
    String message,
    String thrown,
    Map<String, Object> fields)
    implements Serializable {

  /**
   * The way other modules create an event to fire: {@code Event<LogEvent>.fire(LogEvent.of(...))}.
   */
  public static LogEvent of(Level level, String logger, String message) {
    return new LogEvent(
        null, System.currentTimeMillis(), level, logger, "app", null, null, message, null, null);
  }

  public LogEvent withId(long sequence, String recordingNode) {
    return new LogEvent(
        Long.toString(sequence),
        ts,
        level == null ? Level.INFO : level,
        logger == null ? "" : logger,
        source == null ? "app" : source,
        node == null ? recordingNode : node,
        thread,
        message == null ? "" : message,
        thrown,
        fields == null || fields.isEmpty() ? null : fields);
  }

  public LogEvent withSource(String newSource) {
    return new LogEvent(id, ts, level, logger, newSource, node, thread, message, thrown, fields);
  }

  public LogEvent withThrown(String newThrown) {
    return new LogEvent(id, ts, level, logger, source, node, thread, message, newThrown, fields);
  }

  public LogEvent withFields(Map<String, Object> newFields) {
    return new LogEvent(id, ts, level, logger, source, node, thread, message, thrown, newFields);
  }
}
