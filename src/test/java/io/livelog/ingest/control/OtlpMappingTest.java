package io.livelog.ingest.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpMappingTest {

  static final String TRACE = "5b8efff798038103d269b633813fc60c";
  static final String SPAN = "eee19b7ec3c1b174";

  static KeyValue attribute(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  @Test
  void protobufRecordsMapServiceSeverityBodyAttributesIdsAndTime() {
    LogRecord record =
        LogRecord.newBuilder()
            .setTimeUnixNano(1_733_500_000_123_456_789L)
            .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_WARN2)
            .setBody(AnyValue.newBuilder().setStringValue("invoice late"))
            .addAttributes(attribute("invoice", AnyValue.newBuilder().setIntValue(42).build()))
            .addAttributes(
                attribute(
                    "exception.stacktrace",
                    AnyValue.newBuilder().setStringValue("java.lang.X\n\tat a").build()))
            .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(TRACE)))
            .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(SPAN)))
            .build();
    ExportLogsServiceRequest request =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .setResource(
                        Resource.newBuilder()
                            .addAttributes(
                                attribute(
                                    "service.name",
                                    AnyValue.newBuilder().setStringValue("billing").build())))
                    .addScopeLogs(
                        ScopeLogs.newBuilder()
                            .setScope(InstrumentationScope.newBuilder().setName("com.acme.Billing"))
                            .addLogRecords(record)
                            .addLogRecords(LogRecord.newBuilder().setSeverityText("error"))))
            .build();

    List<LogEvent> events = OtlpProtobuf.parse(request.toByteArray(), 7);

    assertThat(events).hasSize(2);
    LogEvent event = events.get(0);
    assertThat(event.ts()).isEqualTo(1_733_500_000_123L);
    assertThat(event.level()).isEqualTo(Level.WARN);
    assertThat(event.logger()).isEqualTo("com.acme.Billing");
    assertThat(event.source()).isEqualTo("otlp");
    assertThat(event.message()).isEqualTo("invoice late");
    assertThat(event.thrown()).isEqualTo("java.lang.X\n\tat a");
    assertThat(event.fields()).containsEntry("invoice", 42L).containsEntry("service", "billing");
    assertThat(event.traceId()).isEqualTo(TRACE);
    assertThat(event.spanId()).isEqualTo(SPAN);
    LogEvent bare = events.get(1);
    assertThat(bare.ts()).isEqualTo(7);
    assertThat(bare.level()).isEqualTo(Level.ERROR);
    assertThat(bare.message()).isEmpty();
    assertThat(bare.traceId()).isNull();
  }

  @Test
  void jsonRecordsMapTheSameWay() {
    String json =
        """
        {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"web"}}]},
         "scopeLogs":[{"scope":{"name":"shop"},"logRecords":[
          {"timeUnixNano":"1733500000123456789","severityNumber":17,"body":{"stringValue":"boom"},
           "traceId":"%s","spanId":"%s",
           "attributes":[{"key":"n","value":{"intValue":"7"}},{"key":"ok","value":{"boolValue":true}},
                         {"key":"tags","value":{"arrayValue":{"values":[{"stringValue":"a"}]}}}]}]}]}]}
        """
            .formatted(TRACE.toUpperCase(), SPAN);
    LogEvent event = OtlpJson.parse(json, 0).get(0);
    assertThat(event.level()).isEqualTo(Level.ERROR);
    assertThat(event.ts()).isEqualTo(1_733_500_000_123L);
    assertThat(event.logger()).isEqualTo("shop");
    assertThat(event.message()).isEqualTo("boom");
    assertThat(event.traceId()).isEqualTo(TRACE);
    assertThat(event.fields())
        .containsEntry("service", "web")
        .containsEntry("n", 7L)
        .containsEntry("ok", true)
        .containsEntry("tags", List.of("a"));
  }

  @Test
  void severityNumbersGoInGroupsOfFour() {
    assertThat(OtlpMapping.level(1, null)).isEqualTo(Level.TRACE);
    assertThat(OtlpMapping.level(5, null)).isEqualTo(Level.DEBUG);
    assertThat(OtlpMapping.level(12, null)).isEqualTo(Level.INFO);
    assertThat(OtlpMapping.level(13, null)).isEqualTo(Level.WARN);
    assertThat(OtlpMapping.level(24, null)).isEqualTo(Level.ERROR);
    assertThat(OtlpMapping.level(0, "Warning")).isEqualTo(Level.WARN);
    assertThat(OtlpMapping.level(0, null)).isEqualTo(Level.INFO);
  }

  @Test
  void malformedBodiesNameWhere() {
    assertThatThrownBy(() -> OtlpProtobuf.parse(new byte[] {0x0a, (byte) 0xff}, 0))
        .isInstanceOfSatisfying(
            IngestException.class, e -> assertThat(e.field()).isEqualTo("body"));
    assertThatThrownBy(() -> OtlpJson.parse("[1]", 0))
        .isInstanceOfSatisfying(
            IngestException.class, e -> assertThat(e.field()).isEqualTo("body"));
    assertThatThrownBy(
            () ->
                OtlpJson.parse(
                    "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"traceId\":\"xyz\"}]}]}]}",
                    0))
        .isInstanceOfSatisfying(
            IngestException.class,
            e ->
                assertThat(e.field())
                    .isEqualTo("resourceLogs[0].scopeLogs[0].logRecords[0].traceId"));
    assertThatThrownBy(() -> OtlpJson.parse("{\"resourceLogs\":{}}", 0))
        .isInstanceOfSatisfying(
            IngestException.class, e -> assertThat(e.field()).isEqualTo("resourceLogs"));
  }
}
