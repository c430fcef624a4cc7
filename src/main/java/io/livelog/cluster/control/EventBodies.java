package io.livelog.cluster.control;

import io.livelog.events.control.JsonFactories;
import io.livelog.events.control.PreparedEvent;
import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a body read from the cluster's log back into a {@link PreparedEvent}: the body is already
 * the JSON every subscriber gets (written once by the producing node), so only what filters look at
 * is read back, with JSON-P. A body that cannot be read still keeps its place in the sequence.
 */
public final class EventBodies {

  private EventBodies() {}

  static PreparedEvent prepared(String body) {
    return new PreparedEvent(event(body), body);
  }

  public static LogEvent event(String body) {
    try {
      JsonObject json = JsonFactories.readObject(body);
      JsonValue fields = json.get("fields");
      Map<String, Object> fieldMap = null;
      if (fields instanceof JsonObject object) {
        fieldMap = new LinkedHashMap<>(object);
      }
      JsonValue ts = json.get("ts");
      return new LogEvent(
          null,
          ts instanceof JsonNumber number ? number.longValue() : 0,
          Level.parse(text(json, "level")).orElse(Level.INFO),
          orEmpty(text(json, "logger")),
          text(json, "source"),
          text(json, "node"),
          text(json, "thread"),
          orEmpty(text(json, "message")),
          text(json, "thrown"),
          fieldMap,
          json.getBoolean("truncated", false) ? Boolean.TRUE : null,
          text(json, "app"),
          text(json, "traceId"),
          text(json, "spanId"));
    } catch (RuntimeException e) {
      return new LogEvent(null, 0, Level.INFO, "", "app", null, null, "", null, null);
    }
  }

  private static String text(JsonObject json, String name) {
    return json.get(name) instanceof JsonString value ? value.getString() : null;
  }

  private static String orEmpty(String text) {
    return text == null ? "" : text;
  }
}
