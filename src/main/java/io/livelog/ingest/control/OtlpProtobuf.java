package io.livelog.ingest.control;

import com.google.protobuf.InvalidProtocolBufferException;
import io.livelog.events.entity.LogEvent;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** OTLP/HTTP logs in protobuf ({@code application/x-protobuf}) to events. */
public final class OtlpProtobuf {

  private OtlpProtobuf() {}

  /**
   * @throws IngestException when the body is not an {@code ExportLogsServiceRequest}
   */
  public static List<LogEvent> parse(byte[] body, long nowMillis) {
    ExportLogsServiceRequest request;
    try {
      request = ExportLogsServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new IngestException("body", "not an OTLP ExportLogsServiceRequest in protobuf");
    }
    List<LogEvent> events = new ArrayList<>();
    for (ResourceLogs resource : request.getResourceLogsList()) {
      String service = null;
      for (KeyValue attribute : resource.getResource().getAttributesList()) {
        if ("service.name".equals(attribute.getKey())) {
          service = String.valueOf(value(attribute.getValue()));
        }
      }
      for (ScopeLogs scope : resource.getScopeLogsList()) {
        for (LogRecord record : scope.getLogRecordsList()) {
          events.add(
              OtlpMapping.toEvent(service, scope.getScope().getName(), record(record), nowMillis));
        }
      }
    }
    return events;
  }

  private static OtlpMapping.Record record(LogRecord record) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (KeyValue attribute : record.getAttributesList()) {
      attributes.put(attribute.getKey(), value(attribute.getValue()));
    }
    Object body = record.hasBody() ? value(record.getBody()) : null;
    return new OtlpMapping.Record(
        record.getTimeUnixNano(),
        record.getObservedTimeUnixNano(),
        record.getSeverityNumberValue(),
        record.getSeverityText(),
        body == null ? null : body.toString(),
        attributes,
        OtlpMapping.hex(record.getTraceId().toByteArray()),
        OtlpMapping.hex(record.getSpanId().toByteArray()));
  }

  /** An attribute value as JSON-friendly Java: String, Long, Double, Boolean, List or Map. */
  static Object value(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> value.getBoolValue();
      case INT_VALUE -> value.getIntValue();
      case DOUBLE_VALUE -> value.getDoubleValue();
      case BYTES_VALUE -> HexFormat.of().formatHex(value.getBytesValue().toByteArray());
      case ARRAY_VALUE ->
          value.getArrayValue().getValuesList().stream().map(OtlpProtobuf::value).toList();
      case KVLIST_VALUE ->
          value.getKvlistValue().getValuesList().stream()
              .collect(
                  Collectors.toMap(
                      KeyValue::getKey,
                      kv -> value(kv.getValue()),
                      (a, b) -> b,
                      LinkedHashMap::new));
      default -> "";
    };
  }
}
