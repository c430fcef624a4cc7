package io.livelog.events.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.events.control.InvalidFilterException;
import io.livelog.store.control.HistoryQuery;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/logs} mapped in and out, without a container: every query parameter reaches the
 * history query as given, its answer goes out as JSON (with {@code Livelog-Scanned-To} when the
 * search stopped early), and a refused parameter is a 400 problem naming it.
 */
class HistoryResourceTest {

  final HistoryResource cut = new HistoryResource();
  HistoryQuery.Params asked;
  HistoryQuery.Page page = new HistoryQuery.Page("[]", OptionalLong.empty());
  RuntimeException refusal;

  HistoryResourceTest() {
    cut.query =
        new HistoryQuery() {
          @Override
          public Page run(Params params) {
            asked = params;
            if (refusal != null) {
              throw refusal;
            }
            return page;
          }
        };
  }

  Response get() {
    return cut.history(
        null, null, null, null, List.of(), List.of(), List.of(), null, null, null, null);
  }

  @Test
  void everyParameterReachesTheQueryAsGiven() {
    cut.history(
        "17",
        "99",
        "50",
        "warn",
        List.of("com.acme", "org.x"),
        List.of("http"),
        List.of("shop", "server"),
        "timeout",
        "2026-12-06T14:00:00Z",
        "1796512345000",
        "order \\d+");
    assertThat(asked)
        .isEqualTo(
            new HistoryQuery.Params(
                "17",
                "99",
                "50",
                "warn",
                List.of("com.acme", "org.x"),
                List.of("http"),
                List.of("shop", "server"),
                "timeout",
                "2026-12-06T14:00:00Z",
                "1796512345000",
                "order \\d+"));
  }

  @Test
  void aPageIsJsonAsTheQueryWroteIt() {
    page = new HistoryQuery.Page("[{\"id\":\"5\"}]", OptionalLong.empty());
    Response answer = get();
    assertThat(answer.getStatus()).isEqualTo(200);
    assertThat(answer.getMediaType().toString()).isEqualTo("application/json");
    assertThat(answer.getEntity()).isEqualTo("[{\"id\":\"5\"}]");
    assertThat(answer.getHeaderString(HistoryResource.SCANNED_TO)).isNull();
  }

  @Test
  void aSearchThatStoppedEarlyNamesWhereToContinue() {
    page = new HistoryQuery.Page("[]", OptionalLong.of(1796512345000017L));
    Response answer = get();
    assertThat(answer.getStatus()).isEqualTo(200);
    assertThat(answer.getHeaderString("Livelog-Scanned-To")).isEqualTo("1796512345000017");
  }

  @Test
  void aRefusedParameterIsA400ProblemNamingIt() {
    refusal = new InvalidFilterException("limit", "limit must be a whole number from 1 to 1000");
    Response answer = get();
    assertThat(answer.getStatus()).isEqualTo(400);
    assertThat(answer.getMediaType().toString()).isEqualTo("application/problem+json");
    JsonObject problem =
        Json.createReader(new StringReader((String) answer.getEntity())).readObject();
    assertThat(problem.getInt("status")).isEqualTo(400);
    assertThat(problem.getString("field")).isEqualTo("limit");
    assertThat(problem.getString("detail")).contains("1 to 1000");
  }
}
