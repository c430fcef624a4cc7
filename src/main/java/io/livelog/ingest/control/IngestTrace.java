package io.livelog.ingest.control;

import io.livelog.events.control.TraceContext;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A shipper's trace context: {@code traceId}/{@code trace_id} and {@code spanId}/{@code span_id}
 * (the names of OpenTelemetry's log data model and of most appenders), or a W3C {@code traceparent}
 * ({@code 00-<32 hex>-<16 hex>-<2 hex>}). Ids are kept lower-case; an id that is not hex of the
 * right length, or all zeros, is refused naming its field.
 */
final class IngestTrace {

  private static final Pattern TRACE = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern SPAN = Pattern.compile("[0-9a-f]{16}");
  private static final Pattern TRACEPARENT =
      Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");

  private IngestTrace() {}

  /**
   * The ids given (either may be null), or null when none was given.
   *
   * @param where the prefix naming the element or line, for the problem's field
   */
  static TraceContext.Ids of(
      String traceId,
      String traceField,
      String spanId,
      String spanField,
      String traceparent,
      String where) {
    String trace = traceId == null ? null : id(traceId, TRACE, where + traceField, 32);
    String span = spanId == null ? null : id(spanId, SPAN, where + spanField, 16);
    if (traceparent != null && (trace == null || span == null)) {
      var m = TRACEPARENT.matcher(traceparent.trim().toLowerCase(Locale.ROOT));
      if (!m.matches() || zeros(m.group(1)) || zeros(m.group(2))) {
        throw new IngestException(
            where + "traceparent",
            where + "traceparent must be W3C trace context: 00-<32 hex>-<16 hex>-<2 hex>");
      }
      trace = trace == null ? m.group(1) : trace;
      span = span == null ? m.group(2) : span;
    }
    return trace == null && span == null ? null : new TraceContext.Ids(trace, span);
  }

  private static String id(String text, Pattern form, String field, int length) {
    String id = text.trim().toLowerCase(Locale.ROOT);
    if (!form.matcher(id).matches() || zeros(id)) {
      throw new IngestException(
          field, field + " must be " + length + " hexadecimal digits, not all zero");
    }
    return id;
  }

  private static boolean zeros(String id) {
    return id.chars().allMatch(c -> c == '0');
  }
}
