package io.livelog.events.control;

import io.livelog.events.entity.LogEvent;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes a {@link LogEvent} with a JSON-P generator, in the property order JSON-B gives it
 * ({@code @JsonbPropertyOrder}) and leaving out what is null. Every recorded event is written once
 * on its producer's thread, and JSON-B's reflection and recursion bookkeeping (it hashes the whole
 * record twice per event) cost more than the writing: measured at a third of an NDJSON ingest's CPU
 * (issue 16). A {@code fields} value that is neither JSON nor a plain string, number or boolean is
 * written by JSON-B, exactly as before.
 */
final class LogEventWriter {

  private static final JsonGeneratorFactory GENERATORS =
      JsonFactories.provider().createGeneratorFactory(Map.of());

  private LogEventWriter() {}

  /**
   * The event's JSON.
   *
   * @param other JSON of a value this writer does not know, from JSON-B
   */
  static String write(LogEvent e, Function<Object, JsonValue> other) {
    StringWriter out = new StringWriter(256 + e.message().length());
    try (JsonGenerator g = GENERATORS.createGenerator(out)) {
      g.writeStartObject();
      string(g, "id", e.id());
      g.write("ts", e.ts());
      if (e.level() != null) {
        g.write("level", e.level().name());
      }
      string(g, "logger", e.logger());
      string(g, "source", e.source());
      string(g, "app", e.app());
      string(g, "node", e.node());
      string(g, "thread", e.thread());
      string(g, "traceId", e.traceId());
      string(g, "spanId", e.spanId());
      string(g, "message", e.message());
      string(g, "thrown", e.thrown());
      if (e.fields() != null) {
        g.writeStartObject("fields");
        for (Map.Entry<String, Object> field : e.fields().entrySet()) {
          value(g, field.getKey(), field.getValue(), other);
        }
        g.writeEnd();
      }
      if (e.truncated() != null) {
        g.write("truncated", e.truncated());
      }
      g.writeEnd();
    }
    return out.toString();
  }

  private static void string(JsonGenerator g, String name, String value) {
    if (value != null) {
      g.write(name, value);
    }
  }

  private static void value(
      JsonGenerator g, String name, Object value, Function<Object, JsonValue> other) {
    if (value == null) {
      g.writeNull(name);
    } else if (value instanceof JsonValue json) {
      g.write(name, json);
    } else if (value instanceof String text) {
      g.write(name, text);
    } else if (value instanceof Boolean flag) {
      g.write(name, flag);
    } else if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      g.write(name, ((Number) value).longValue());
    } else if (value instanceof BigInteger big) {
      g.write(name, big);
    } else if (value instanceof BigDecimal decimal) {
      g.write(name, decimal);
    } else {
      g.write(name, other.apply(value));
    }
  }
}
