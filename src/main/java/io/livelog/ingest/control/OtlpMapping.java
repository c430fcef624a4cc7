package io.livelog.ingest.control;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What both OTLP encodings share: one log record, with its resource's {@code service.name} and its
 * scope's name, becomes one event ({@code source} {@code otlp}; {@code logger} the scope's name,
 * else the service's, else {@code otlp}; {@code fields} the record's attributes plus {@code
 * service}; {@code exception.stacktrace} becomes {@code thrown}).
 */
public final class OtlpMapping {

  public static final String SOURCE = "otlp";
  private static final HexFormat HEX = HexFormat.of();

  private OtlpMapping() {}

  /** One record as either encoding gives it. */
  public record Record(
      long timeUnixNano,
      long observedTimeUnixNano,
      int severityNumber,
      String severityText,
      String body,
      Map<String, Object> attributes,
      String traceId,
      String spanId) {}

  public static LogEvent toEvent(String service, String scope, Record record, long nowMillis) {
    long nanos = record.timeUnixNano() > 0 ? record.timeUnixNano() : record.observedTimeUnixNano();
    Map<String, Object> fields = new LinkedHashMap<>(record.attributes());
    Object stack = fields.remove("exception.stacktrace");
    if (service != null && !service.isEmpty()) {
      fields.put("service", service);
    }
    String logger =
        scope != null && !scope.isEmpty()
            ? scope
            : service != null && !service.isEmpty() ? service : SOURCE;
    return new LogEvent(
            null,
            nanos > 0 ? TimeUnit.NANOSECONDS.toMillis(nanos) : nowMillis,
            level(record.severityNumber(), record.severityText()),
            logger,
            SOURCE,
            null,
            null,
            record.body() == null ? "" : record.body(),
            stack == null ? null : stack.toString(),
            fields.isEmpty() ? null : fields)
        .withTrace(record.traceId(), record.spanId());
  }

  /** OTLP's severity numbers 1-24 in groups of four; 0 (unspecified) falls back to the text. */
  public static Level level(int number, String text) {
    if (number >= 17) {
      return Level.ERROR;
    }
    if (number >= 13) {
      return Level.WARN;
    }
    if (number >= 9) {
      return Level.INFO;
    }
    if (number >= 5) {
      return Level.DEBUG;
    }
    if (number >= 1) {
      return Level.TRACE;
    }
    return Level.parse(text).orElse(Level.INFO);
  }

  /** Lower-case hex of a trace or span id; null when absent or all zero (invalid in W3C). */
  public static String hex(byte[] id) {
    if (id == null || id.length == 0) {
      return null;
    }
    for (byte b : id) {
      if (b != 0) {
        return HEX.formatHex(id);
      }
    }
    return null;
  }

  /**
   * A hex id from OTLP/JSON (which encodes ids as hex, not base64) of {@code bytes} bytes.
   *
   * @throws IngestException naming {@code field} when it is not such a hex string
   */
  public static String hex(String text, int bytes, String field) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    if (text.length() != bytes * 2) {
      throw new IngestException(field, field + " must be " + bytes * 2 + " hex digits");
    }
    try {
      return hex(HEX.parseHex(text));
    } catch (IllegalArgumentException e) {
      throw new IngestException(field, field + " must be " + bytes * 2 + " hex digits");
    }
  }
}
