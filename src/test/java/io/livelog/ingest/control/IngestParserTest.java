package io.livelog.ingest.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestParserTest {

  IngestParser cut = new IngestParser(1_000L);

  @Test
  void oneObjectWithTheContractsFields() {
    LogEvent event =
        cut.parseJson(
                "{\"message\":\"m\",\"level\":\"warning\",\"logger\":\"a.b\",\"source\":\"ship\","
                    + "\"thread\":\"t1\",\"node\":\"n1\",\"thrown\":\"x\",\"ts\":42}")
            .get(0);
    assertThat(event.message()).isEqualTo("m");
    assertThat(event.level()).isEqualTo(Level.WARN);
    assertThat(event.logger()).isEqualTo("a.b");
    assertThat(event.source()).isEqualTo("ship");
    assertThat(event.thread()).isEqualTo("t1");
    assertThat(event.node()).isEqualTo("n1");
    assertThat(event.thrown()).isEqualTo("x");
    assertThat(event.ts()).isEqualTo(42);
    assertThat(event.fields()).isNull();
  }

  @Test
  void defaultsWhenOptionalFieldsAreMissing() {
    LogEvent event = cut.parseJson("{\"message\":\"m\"}").get(0);
    assertThat(event.level()).isEqualTo(Level.INFO);
    assertThat(event.source()).isEqualTo("http");
    assertThat(event.ts()).isEqualTo(1_000L);
  }

  @Test
  void shipperAliases() {
    List<LogEvent> events =
        cut.parseJson(
            "[{\"msg\":\"a\",\"severity\":\"CRITICAL\",\"@timestamp\":\"2024-11-24T00:00:00.123Z\"},"
                + "{\"log\":\"b\",\"date\":1732406400.25},"
                + "{\"message\":\"c\",\"timestamp\":1732406400999},"
                + "{\"message\":\"d\",\"time\":\"2024-11-24T01:00:00+01:00\"}]");
    assertThat(events).extracting(LogEvent::message).containsExactly("a", "b", "c", "d");
    assertThat(events.get(0).level()).isEqualTo(Level.ERROR);
    assertThat(events.get(0).ts()).isEqualTo(1732406400123L);
    assertThat(events.get(1).ts()).isEqualTo(1732406400250L);
    assertThat(events.get(2).ts()).isEqualTo(1732406400999L);
    assertThat(events.get(3).ts()).isEqualTo(1732406400000L);
  }

  @Test
  void unknownKeysGoIntoFields() {
    LogEvent event =
        cut.parseJson("{\"message\":\"m\",\"orderId\":42,\"fields\":{\"user\":\"u\"}}").get(0);
    assertThat(((JsonNumber) event.fields().get("orderId")).intValue()).isEqualTo(42);
    assertThat(((JsonString) event.fields().get("user")).getString()).isEqualTo("u");
  }

  @Test
  void ndjsonSkipsBlankLinesAndNamesTheBadLine() {
    assertThat(cut.parseNdjson("{\"log\":\"a\"}\n\n{\"log\":\"b\"}\n")).hasSize(2);
    assertThatThrownBy(() -> cut.parseNdjson("{\"log\":\"a\"}\n{\"level\":\"INFO\"}\n"))
        .isInstanceOf(IngestException.class)
        .satisfies(e -> assertThat(((IngestException) e).field()).isEqualTo("line 2: message"));
  }

  @Test
  void faultsNameTheIndexAndTheField() {
    assertField("[{\"message\":\"a\"},{\"message\":7}]", "[1].message");
    assertField("[{\"message\":\"a\",\"level\":\"LOUD\"}]", "[0].level");
    assertField("{\"message\":\"a\",\"ts\":\"yesterday\"}", "ts");
    assertField("{\"message\":\"a\",\"@timestamp\":\"yesterday\"}", "@timestamp");
    assertField("[1,2]", "[0]");
    assertField("\"text\"", "body");
    assertField("{\"message\":", "body");
  }

  @Test
  void traceContextInTheShippersNamesOrAsTraceparentAndTheApp() {
    String trace = "4BF92F3577B34DA6A3CE929D0E0E4736";
    LogEvent named =
        cut.parseJson(
                "{\"message\":\"m\",\"trace_id\":\""
                    + trace
                    + "\",\"span_id\":\"00f067aa0ba902b7\",\"app\":\"orders\"}")
            .get(0);
    assertThat(named.traceId()).isEqualTo(trace.toLowerCase());
    assertThat(named.spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(named.app()).isEqualTo("orders");
    assertThat(named.fields()).isNull();
    LogEvent parent =
        cut.parseNdjson(
                "{\"msg\":\"m\",\"traceparent\":\"00-"
                    + trace.toLowerCase()
                    + "-00f067aa0ba902b7-01\"}\n")
            .get(0);
    assertThat(parent.traceId()).isEqualTo(trace.toLowerCase());
    assertThat(parent.spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(cut.parseJson("{\"message\":\"m\"}").get(0).traceId()).isNull();
    assertField("{\"message\":\"m\",\"traceId\":\"xyz\"}", "traceId");
    assertField("{\"message\":\"m\",\"span_id\":\"0000000000000000\"}", "span_id");
    assertField("[{\"message\":\"m\",\"traceparent\":\"00-abc\"}]", "[0].traceparent");
  }

  private void assertField(String body, String field) {
    assertThatThrownBy(() -> cut.parseJson(body))
        .isInstanceOf(IngestException.class)
        .satisfies(e -> assertThat(((IngestException) e).field()).isEqualTo(field));
  }
}
