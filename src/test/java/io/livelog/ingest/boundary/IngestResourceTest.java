package io.livelog.ingest.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.ingest.control.Ingest;
import io.livelog.ingest.control.IngestException;
import io.livelog.ingest.control.IngestRefused;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /api/logs} mapped in and out, without a container: the media type decides JSON or
 * NDJSON (and 415 before the body is read), the body and its declared length reach ingest, and each
 * refusal is its problem+json (400 naming the field, 413, 503 with {@code Retry-After}).
 */
class IngestResourceTest {

  final IngestResource cut = new IngestResource();
  Boolean ndjson;
  long declared;
  String body;
  RuntimeException refusal;

  IngestResourceTest() {
    cut.ingest =
        new Ingest() {
          @Override
          public int take(InputStream in, long declaredLength, boolean isNdjson)
              throws IOException {
            ndjson = isNdjson;
            declared = declaredLength;
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (refusal != null) {
              throw refusal;
            }
            return 3;
          }
        };
  }

  Response post(String type, Long length) throws IOException {
    return cut.ingest(
        new ByteArrayInputStream("{\"message\":\"m\"}".getBytes(StandardCharsets.UTF_8)),
        type,
        length);
  }

  static JsonObject problem(Response answer) {
    assertThat(answer.getMediaType().toString()).isEqualTo("application/problem+json");
    return Json.createReader(new java.io.StringReader((String) answer.getEntity())).readObject();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"application/json", "Application/JSON; charset=utf-8", " application/json "})
  void jsonIsTakenAsJson(String type) throws IOException {
    Response answer = post(type, 15L);
    assertThat(answer.getStatus()).isEqualTo(202);
    assertThat(answer.getMediaType().toString()).isEqualTo("application/json");
    assertThat(answer.getEntity()).isEqualTo("{\"accepted\":3}");
    assertThat(ndjson).isFalse();
    assertThat(declared).isEqualTo(15);
    assertThat(body).isEqualTo("{\"message\":\"m\"}");
  }

  @Test
  void ndjsonIsTakenLineByLineAndAnUnknownLengthIsMinusOne() throws IOException {
    assertThat(post("application/x-ndjson", null).getStatus()).isEqualTo(202);
    assertThat(ndjson).isTrue();
    assertThat(declared).isEqualTo(-1);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {"", "text/plain", "*/*", "application/*", "application/json-patch+json", ";;;"})
  void anyOtherTypeIs415NamingContentTypeAndTheBodyIsNotRead(String type) throws IOException {
    Response answer = post(type, 15L);
    assertThat(answer.getStatus()).isEqualTo(415);
    JsonObject problem = problem(answer);
    assertThat(problem.getInt("status")).isEqualTo(415);
    assertThat(problem.getString("field")).isEqualTo("Content-Type");
    assertThat(problem.getString("detail")).contains("application/json", "application/x-ndjson");
    assertThat(ndjson).as("ingest was not called").isNull();
  }

  @Test
  void aBadFieldIsA400ProblemNamingIt() throws IOException {
    refusal = new IngestException("[2].message", "message is required");
    Response answer = post("application/json", null);
    assertThat(answer.getStatus()).isEqualTo(400);
    assertThat(problem(answer).getString("field")).isEqualTo("[2].message");
  }

  @Test
  void aBodyAboveTheLimitIs413() throws IOException {
    refusal = IngestRefused.tooLarge("the body is larger than 10 bytes");
    Response answer = post("application/json", null);
    assertThat(answer.getStatus()).isEqualTo(413);
    assertThat(problem(answer).getString("detail")).isEqualTo("the body is larger than 10 bytes");
    assertThat(answer.getHeaderString("Retry-After")).isNull();
  }

  @Test
  void aFullQueueIs503WithRetryAfter() throws IOException {
    refusal = IngestRefused.unavailable(5, "the events were not stored; retry later");
    Response answer = post("application/x-ndjson", null);
    assertThat(answer.getStatus()).isEqualTo(503);
    assertThat(answer.getHeaderString("Retry-After")).isEqualTo("5");
    assertThat(problem(answer).getInt("status")).isEqualTo(503);
  }
}
