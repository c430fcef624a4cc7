package io.livelog.ingest.control;

import io.livelog.events.control.JsonFactories;
import io.livelog.events.control.TraceContext;
import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads shippers' JSON into events: one object, an array of objects, or NDJSON; the aliases of
 * Fluent Bit and Vector; unknown keys into {@code fields}. Any fault refuses the whole body.
 */
public final class IngestParser {

  private static final Set<String> KNOWN =
      Set.of(
          "message",
          "msg",
          "log",
          "level",
          "severity",
          "ts",
          "@timestamp",
          "timestamp",
          "time",
          "date",
          "logger",
          "source",
          "node",
          "thread",
          "thrown",
          "fields",
          "app",
          "traceId",
          "trace_id",
          "spanId",
          "span_id",
          "traceparent");

  private final long now;

  public IngestParser(long now) {
    this.now = now;
  }

  /** Parses an {@code application/json} body. */
  public List<LogEvent> parseJson(String body) {
    JsonValue value;
    try {
      value = JsonFactories.read(body);
    } catch (JsonParsingException e) {
      throw new IngestException("body", "malformed JSON: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new IngestException("body", "malformed JSON");
    }
    if (value.getValueType() == JsonValue.ValueType.OBJECT) {
      return List.of(toEvent(value.asJsonObject(), ""));
    }
    if (value.getValueType() != JsonValue.ValueType.ARRAY) {
      throw new IngestException("body", "expected a JSON object or an array of objects");
    }
    List<LogEvent> events = new ArrayList<>();
    int index = 0;
    for (JsonValue item : value.asJsonArray()) {
      String where = "[" + index + "]";
      if (item.getValueType() != JsonValue.ValueType.OBJECT) {
        throw new IngestException(where, "element " + index + " is not a JSON object");
      }
      events.add(toEvent(item.asJsonObject(), where + "."));
      index++;
    }
    return events;
  }

  /** Parses an {@code application/x-ndjson} body; blank lines are skipped. */
  public List<LogEvent> parseNdjson(String body) {
    List<LogEvent> events = new ArrayList<>();
    String[] lines = body.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = "line " + (i + 1);
      JsonValue value;
      try {
        value = JsonFactories.read(line);
      } catch (RuntimeException e) {
        throw new IngestException(where, where + " is not valid JSON");
      }
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        throw new IngestException(where, where + " is not a JSON object");
      }
      events.add(toEvent(value.asJsonObject(), where + ": "));
    }
    return events;
  }

  private LogEvent toEvent(JsonObject json, String where) {
    String message = firstString(json, where, "message", "msg", "log");
    if (message == null) {
      throw new IngestException(where + "message", where + "message is required (a string)");
    }
    Level level = Level.INFO;
    String levelText = firstString(json, where, "level", "severity");
    if (levelText != null) {
      level =
          Level.parse(levelText)
              .orElseThrow(
                  () -> new IngestException(where + "level", "unknown level '" + levelText + "'"));
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    JsonValue given = json.get("fields");
    if (given != null && given.getValueType() == JsonValue.ValueType.OBJECT) {
      fields.putAll(given.asJsonObject());
    } else if (given != null && given.getValueType() != JsonValue.ValueType.NULL) {
      throw new IngestException(where + "fields", where + "fields must be an object");
    }
    for (Map.Entry<String, JsonValue> entry : json.entrySet()) {
      if (!KNOWN.contains(entry.getKey())) {
        fields.put(entry.getKey(), entry.getValue());
      }
    }
    String traceKey = json.containsKey("traceId") ? "traceId" : "trace_id";
    String spanKey = json.containsKey("spanId") ? "spanId" : "span_id";
    TraceContext.Ids trace =
        IngestTrace.of(
            firstString(json, where, traceKey),
            traceKey,
            firstString(json, where, spanKey),
            spanKey,
            firstString(json, where, "traceparent"),
            where);
    return new LogEvent(
        null,
        timestamp(json, where),
        level,
        orDefault(firstString(json, where, "logger"), "ingest"),
        orDefault(firstString(json, where, "source"), "http"),
        firstString(json, where, "node"),
        firstString(json, where, "thread"),
        message,
        firstString(json, where, "thrown"),
        fields.isEmpty() ? null : fields,
        null,
        firstString(json, where, "app"),
        trace == null ? null : trace.traceId(),
        trace == null ? null : trace.spanId());
  }

  private long timestamp(JsonObject json, String where) {
    for (String key : List.of("ts", "@timestamp", "timestamp", "time")) {
      JsonValue value = json.get(key);
      if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
        continue;
      }
      if (value instanceof JsonNumber number) {
        return number.longValue();
      }
      if (value instanceof JsonString text && !"ts".equals(key)) {
        return parseInstant(text.getString(), where + key);
      }
      throw new IngestException(
          where + key,
          where + key + " must be epoch milliseconds" + ("ts".equals(key) ? "" : " or ISO-8601"));
    }
    JsonValue date = json.get("date");
    if (date instanceof JsonNumber seconds) {
      return seconds.bigDecimalValue().multiply(BigDecimal.valueOf(1000)).longValue();
    }
    if (date != null && date.getValueType() != JsonValue.ValueType.NULL) {
      throw new IngestException(where + "date", where + "date must be epoch seconds");
    }
    return now;
  }

  private static long parseInstant(String text, String field) {
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(text).toEpochMilli();
      } catch (DateTimeParseException again) {
        try {
          return Long.parseLong(text);
        } catch (NumberFormatException notNumber) {
          throw new IngestException(field, field + " is neither ISO-8601 nor epoch milliseconds");
        }
      }
    }
  }

  private static String firstString(JsonObject json, String where, String... keys) {
    for (String key : keys) {
      JsonValue value = json.get(key);
      if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
        continue;
      }
      if (value instanceof JsonString text) {
        return text.getString();
      }
      throw new IngestException(where + key, where + key + " must be a string");
    }
    return null;
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }
}
