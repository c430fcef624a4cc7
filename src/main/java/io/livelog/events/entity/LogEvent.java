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
 * @param truncated true when {@code message} or {@code thrown} was cut to {@code
 *     livelog.event.maxChars}; null (absent) otherwise
 * @param app the deployment that logged a captured record ({@code server}: the container's own),
 *     optional
 * @param traceId the W3C trace id (32 lower-case hex digits) the event was made in, optional
 * @param spanId the W3C span id (16 lower-case hex digits), optional
 */
@JsonbPropertyOrder({
  "id",
  "ts",
  "level",
  "logger",
  "source",
  "app",
  "node",
  "thread",
  "traceId",
  "spanId",
  "message",
  "thrown",
  "fields",
  "truncated"
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
    Map<String, Object> fields,
    Boolean truncated,
    String app,
    String traceId,
    String spanId)
    implements Serializable {

  /** An event without app or trace, as most producers create it. */
  public LogEvent(
      String id,
      long ts,
      Level level,
      String logger,
      String source,
      String node,
      String thread,
      String message,
      String thrown,
      Map<String, Object> fields,
      Boolean truncated) {
    this(
        id, ts, level, logger, source, node, thread, message, thrown, fields, truncated, null, null,
        null);
  }

  /** An event that was not cut, as producers create it. */
  public LogEvent(
      String id,
      long ts,
      Level level,
      String logger,
      String source,
      String node,
      String thread,
      String message,
      String thrown,
      Map<String, Object> fields) {
    this(id, ts, level, logger, source, node, thread, message, thrown, fields, null);
  }

  /**
   * The way other modules create an event to fire: {@code Event<LogEvent>.fire(LogEvent.of(...))}.
   */
  public static LogEvent of(Level level, String logger, String message) {
    return new LogEvent(
        null, System.currentTimeMillis(), level, logger, "app", null, null, message, null, null);
  }

  public LogEvent withId(long sequence, String recordingNode) {
    return normalized(recordingNode).withId(Long.toString(sequence));
  }

  /** This event with an id. */
  public LogEvent withId(String newId) {
    return new LogEvent(
        newId, ts, level, logger, source, node, thread, message, thrown, fields, truncated, app,
        traceId, spanId);
  }

  /**
   * This event as it is recorded: defaults for what the producer left out, the recording node when
   * it named none, and no empty {@code fields}.
   */
  public LogEvent normalized(String recordingNode) {
    return new LogEvent(
        id,
        ts,
        level == null ? Level.INFO : level,
        logger == null ? "" : logger,
        source == null ? "app" : source,
        node == null ? recordingNode : node,
        thread,
        message == null ? "" : message,
        thrown,
        fields == null || fields.isEmpty() ? null : fields,
        Boolean.TRUE.equals(truncated) ? Boolean.TRUE : null,
        app,
        traceId,
        spanId);
  }

  /** This event with {@code message} and {@code thrown} cut, marked as truncated. */
  public LogEvent cut(String newMessage, String newThrown) {
    return new LogEvent(
        id,
        ts,
        level,
        logger,
        source,
        node,
        thread,
        newMessage,
        newThrown,
        fields,
        Boolean.TRUE,
        app,
        traceId,
        spanId);
  }

  public LogEvent withSource(String newSource) {
    return new LogEvent(
        id, ts, level, logger, newSource, node, thread, message, thrown, fields, truncated, app,
        traceId, spanId);
  }

  public LogEvent withThrown(String newThrown) {
    return new LogEvent(
        id, ts, level, logger, source, node, thread, message, newThrown, fields, truncated, app,
        traceId, spanId);
  }

  public LogEvent withFields(Map<String, Object> newFields) {
    return new LogEvent(
        id, ts, level, logger, source, node, thread, message, thrown, newFields, truncated, app,
        traceId, spanId);
  }

  /** This event with the deployment that made it. */
  public LogEvent withApp(String newApp) {
    return new LogEvent(
        id, ts, level, logger, source, node, thread, message, thrown, fields, truncated, newApp,
        traceId, spanId);
  }

  /** This event with the trace context it was made in. */
  public LogEvent withTrace(String newTraceId, String newSpanId) {
    return new LogEvent(
        id,
        ts,
        level,
        logger,
        source,
        node,
        thread,
        message,
        thrown,
        fields,
        truncated,
        app,
        newTraceId,
        newSpanId);
  }
}
