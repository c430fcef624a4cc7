package io.livelog.ingest.control;

import io.livelog.events.control.JsonFactories;
import io.livelog.events.entity.LogEvent;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OTLP/HTTP logs in the OTLP/JSON mapping ({@code application/json}): camelCase field names, 64-bit
 * integers as numbers or decimal strings, trace and span ids as hex, severity numbers as numbers.
 */
public final class OtlpJson {

  private static final JsonProvider JSON = JsonFactories.provider();

  private OtlpJson() {}

  /**
   * @throws IngestException naming the path of what is malformed
   */
  public static List<LogEvent> parse(String body, long nowMillis) {
    JsonObject request;
    try (JsonReader reader = JSON.createReader(new StringReader(body))) {
      request = reader.readObject();
    } catch (JsonException | IllegalStateException e) {
      throw new IngestException("body", "not an OTLP/JSON ExportLogsServiceRequest object");
    }
    List<LogEvent> events = new ArrayList<>();
    JsonArray resources = array(request, "resourceLogs", "resourceLogs");
    for (int r = 0; r < resources.size(); r++) {
      String at = "resourceLogs[" + r + "]";
      JsonObject resource = object(resources.get(r), at);
      String service = null;
      JsonValue res = resource.get("resource");
      if (res instanceof JsonObject resObject) {
        Object name = attributes(resObject, at + ".resource").get("service.name");
        service = name == null ? null : name.toString();
      }
      JsonArray scopes = array(resource, "scopeLogs", at + ".scopeLogs");
      for (int s = 0; s < scopes.size(); s++) {
        String scopeAt = at + ".scopeLogs[" + s + "]";
        JsonObject scope = object(scopes.get(s), scopeAt);
        String scopeName =
            scope.get("scope") instanceof JsonObject o ? o.getString("name", null) : null;
        JsonArray records = array(scope, "logRecords", scopeAt + ".logRecords");
        for (int i = 0; i < records.size(); i++) {
          String recordAt = scopeAt + ".logRecords[" + i + "]";
          events.add(
              OtlpMapping.toEvent(
                  service,
                  scopeName,
                  record(object(records.get(i), recordAt), recordAt),
                  nowMillis));
        }
      }
    }
    return events;
  }

  private static OtlpMapping.Record record(JsonObject record, String at) {
    Object body = record.get("body") instanceof JsonObject b ? value(b, at + ".body") : null;
    return new OtlpMapping.Record(
        longValue(record.get("timeUnixNano"), at + ".timeUnixNano"),
        longValue(record.get("observedTimeUnixNano"), at + ".observedTimeUnixNano"),
        (int) longValue(record.get("severityNumber"), at + ".severityNumber"),
        record.getString("severityText", null),
        body == null ? null : body.toString(),
        attributes(record, at),
        OtlpMapping.hex(record.getString("traceId", null), 16, at + ".traceId"),
        OtlpMapping.hex(record.getString("spanId", null), 8, at + ".spanId"));
  }

  private static Map<String, Object> attributes(JsonObject holder, String at) {
    Map<String, Object> out = new LinkedHashMap<>();
    JsonValue list = holder.get("attributes");
    if (list == null || list == JsonValue.NULL) {
      return out;
    }
    if (!(list instanceof JsonArray array)) {
      throw new IngestException(at + ".attributes", "attributes must be an array");
    }
    for (int i = 0; i < array.size(); i++) {
      JsonObject kv = object(array.get(i), at + ".attributes[" + i + "]");
      if (!(kv.get("key") instanceof JsonString key)) {
        throw new IngestException(at + ".attributes[" + i + "].key", "key must be a string");
      }
      Object value =
          kv.get("value") instanceof JsonObject v
              ? value(v, at + ".attributes[" + i + "].value")
              : "";
      out.put(key.getString(), value);
    }
    return out;
  }

  /** An AnyValue: {@code {"stringValue":..}}, {@code intValue}, {@code arrayValue}... */
  private static Object value(JsonObject any, String at) {
    if (any.get("stringValue") instanceof JsonString s) {
      return s.getString();
    }
    if (any.containsKey("boolValue")) {
      return any.get("boolValue") == JsonValue.TRUE;
    }
    if (any.containsKey("intValue")) {
      return longValue(any.get("intValue"), at + ".intValue");
    }
    if (any.get("doubleValue") instanceof JsonNumber d) {
      return d.doubleValue();
    }
    if (any.get("bytesValue") instanceof JsonString b) {
      return b.getString();
    }
    if (any.get("arrayValue") instanceof JsonObject a && a.get("values") instanceof JsonArray v) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < v.size(); i++) {
        values.add(value(object(v.get(i), at + "[" + i + "]"), at + "[" + i + "]"));
      }
      return values;
    }
    if (any.get("kvlistValue") instanceof JsonObject kv) {
      return kv.containsKey("values")
          ? attributes(Json.wrap(kv.getJsonArray("values")), at)
          : Map.of();
    }
    return "";
  }

  private static long longValue(JsonValue value, String at) {
    if (value == null || value == JsonValue.NULL) {
      return 0;
    }
    try {
      if (value instanceof JsonNumber number) {
        return number.longValueExact();
      }
      if (value instanceof JsonString text) {
        return Long.parseLong(text.getString());
      }
    } catch (ArithmeticException | NumberFormatException e) {
      // answered below
    }
    throw new IngestException(at, at + " must be a whole number (or one in a string)");
  }

  private static JsonArray array(JsonObject holder, String name, String at) {
    JsonValue value = holder.get(name);
    if (value == null || value == JsonValue.NULL) {
      return JsonValue.EMPTY_JSON_ARRAY;
    }
    if (value instanceof JsonArray array) {
      return array;
    }
    throw new IngestException(at, at + " must be an array");
  }

  private static JsonObject object(JsonValue value, String at) {
    if (value instanceof JsonObject object) {
      return object;
    }
    throw new IngestException(at, at + " must be an object");
  }

  /** Wraps a kvlist's values as an object holding {@code attributes}, to reuse their parsing. */
  private static final class Json {
    static JsonObject wrap(JsonArray values) {
      return JSON.createObjectBuilder().add("attributes", values).build();
    }
  }
}
