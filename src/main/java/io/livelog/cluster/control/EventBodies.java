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

  /** A sentence for the placeholder of a body that could not be read. */
  static final String UNREADABLE =
      "an event in the cluster's log could not be read and is left out (counted as"
          + " dropped.clusterUnreadable)";

  static PreparedEvent prepared(String body) {
    return prepared(body, () -> {});
  }

  /**
   * The event of a body read from the grid, validated: a body that is not a JSON object becomes a
   * placeholder event ({@code unreadable} runs, to count it), never raw text in a frame; a valid
   * one with a line break (whitespace between tokens) is written again without it, so it cannot end
   * an SSE message early, and one with an {@code id} of its own loses it.
   */
  static PreparedEvent prepared(String body, Runnable unreadable) {
    JsonObject json = object(body);
    if (json != null && json.containsKey("id")) {
      // the id is the grid's to give: one in the body would be a second "id" key
      json = JsonFactories.provider().createObjectBuilder(json).remove("id").build();
      body = json.toString();
    }
    if (json == null || json.isEmpty()) {
      unreadable.run();
      String placeholder =
          JsonFactories.object()
              .add("ts", System.currentTimeMillis())
              .add("level", "WARN")
              .add("logger", "io.livelog.cluster")
              .add("source", "server")
              .add("message", UNREADABLE)
              .build()
              .toString();
      return new PreparedEvent(event(object(placeholder)), placeholder);
    }
    boolean breaks = body.indexOf('\n') >= 0 || body.indexOf('\r') >= 0;
    return new PreparedEvent(event(json), breaks ? json.toString() : body);
  }

  private static JsonObject object(String body) {
    try {
      return JsonFactories.readObject(body);
    } catch (RuntimeException e) {
      return null;
    }
  }

  public static LogEvent event(String body) {
    try {
      return event(JsonFactories.readObject(body));
    } catch (RuntimeException e) {
      return new LogEvent(null, 0, Level.INFO, "", "app", null, null, "", null, null);
    }
  }

  private static LogEvent event(JsonObject json) {
    try {
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
