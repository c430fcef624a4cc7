package io.livelog.it;

import static io.livelog.testsupport.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livelog.testsupport.Api;
import io.livelog.testsupport.BlackBox;
import io.livelog.testsupport.Deployments;
import io.livelog.testsupport.SseClient;
import io.livelog.testsupport.WhatwgSseParser;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/** The core flow end to end on Payara Micro: sources, ingest, history, stream, stats. */
class StreamIT extends BlackBox {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.livelog();
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  @Test
  void streamHeadersAreTheContracts() {
    try (SseClient client = SseClient.open(api, "")) {
      HttpResponse<?> response = client.response();
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(
              v ->
                  assertThat(v.replace(" ", ""))
                      .isEqualToIgnoringCase("text/event-stream;charset=UTF-8"));
      assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
      assertThat(response.headers().firstValue("X-Accel-Buffering")).hasValue("no");
      await().atMost(10, TimeUnit.SECONDS).until(() -> client.retry() != null);
      assertThat(client.retry()).isEqualTo(2000L);
    }
  }

  @Test
  void aFiredCdiEventReachesTheStreamWithTheNextId() {
    try (SseClient client = SseClient.open(api, "")) {
      await().atMost(10, TimeUnit.SECONDS).until(() -> client.retry() != null);
      long newestBefore = Long.parseLong(api.stats().getString("newestId"));
      String message = unique("fired");
      long sent = System.currentTimeMillis();
      api.fire(message);
      SseClient.Received received = client.awaitMessage(message);
      JsonObject event = received.event();
      assertThat(event.getString("source")).isEqualTo("app");
      assertThat(event.getString("level")).isEqualTo("INFO");
      assertThat(received.id()).isGreaterThan(newestBefore);
      assertThat(event.getJsonObject("fields").getBoolean("probe")).isTrue();
      WhatwgSseParser.Event batch =
          client.events("logs").stream()
              .filter(e -> e.data().contains(message))
              .findFirst()
              .orElseThrow();
      assertThat(batch.lastEventId()).isEqualTo(event.getString("id"));
      System.out.printf(
          "fired event: HTTP call to SSE receipt %d ms, event ts to receipt %d ms%n",
          received.arrivedMillis() - sent,
          received.arrivedMillis() - event.getJsonNumber("ts").longValue());
    }
  }

  @Test
  void julRecordsArriveAsServerEventsWithLevelAndStackTrace() {
    try (SseClient client = SseClient.open(api, "?source=server&logger=com.acme")) {
      String message = unique("jul");
      api.send(
          api.request("api/test-probe/jul?message=" + message, Api.bearer())
              .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
              .build());
      JsonObject severe =
          client
              .awaitLog(e -> e.getString("message").equals(message), Duration.ofSeconds(20))
              .event();
      assertThat(severe.getString("source")).isEqualTo("server");
      assertThat(severe.getString("level")).isEqualTo("ERROR");
      assertThat(severe.getString("logger")).isEqualTo("com.acme.orders.OrderService");
      assertThat(severe.getString("thread")).isNotBlank();
      assertThat(severe.getString("thrown"))
          .startsWith("java.lang.IllegalStateException: probe failure")
          .contains("\tat ");
      JsonObject formatted =
          client
              .awaitLog(e -> e.getString("message").equals(message + " 42"), Duration.ofSeconds(20))
              .event();
      assertThat(formatted.getString("level")).isEqualTo("WARN");
      JsonObject withParams =
          client
              .awaitLog(
                  e -> e.getString("message").equals("Order 42 failed: " + message),
                  Duration.ofSeconds(20))
              .event();
      assertThat(withParams.getString("level")).isEqualTo("WARN");
    }
  }

  @Test
  void healthSamplesArriveAsMetricEvents() {
    try (SseClient client = SseClient.open(api, "")) {
      WhatwgSseParser.Event metric = client.awaitEvent("metric", Duration.ofSeconds(15));
      JsonObject sample = Api.object(metric.data());
      assertThat(sample.getJsonNumber("heapUsed").longValue()).isPositive();
      assertThat(sample.getJsonNumber("heapMax").longValue())
          .isGreaterThanOrEqualTo(sample.getJsonNumber("heapUsed").longValue());
      assertThat(sample.getInt("threads")).isPositive();
      assertThat(sample.keySet()).contains("ts", "node", "cpuLoad", "gcCount", "gcMillis");
    }
  }

  @Test
  void anIngestedEventReachesTheStreamAndTheHistory() {
    try (SseClient client = SseClient.open(api, "")) {
      await().atMost(10, TimeUnit.SECONDS).until(() -> client.retry() != null);
      String message = unique("ingested");
      HttpResponse<String> response =
          api.ingest(
              "{\"msg\":\""
                  + message
                  + "\",\"severity\":\"warning\",\"orderId\":42,\"@timestamp\":\"2024-11-24T00:00:00.123Z\"}");
      assertThat(response.statusCode()).isEqualTo(202);
      assertThat(Api.object(response.body()).getInt("accepted")).isEqualTo(1);
      JsonObject event = client.awaitMessage(message).event();
      assertThat(event.getString("source")).isEqualTo("http");
      assertThat(event.getString("level")).isEqualTo("WARN");
      assertThat(event.getJsonNumber("ts").longValue()).isEqualTo(1732406400123L);
      assertThat(event.getJsonObject("fields").getInt("orderId")).isEqualTo(42);
      assertThat(event.containsKey("thrown")).isFalse();
      JsonArray history = api.history("?q=" + message);
      assertThat(history).hasSize(1);
      assertThat(history.getJsonObject(0).getString("id")).isEqualTo(event.getString("id"));
    }
  }

  @Test
  void ndjsonAndShipperAliasesAreAccepted() {
    String tag = unique("nd");
    String body =
        "{\"log\":\""
            + tag
            + " fluent\",\"date\":1732406400.5}\n\n"
            + "{\"message\":\""
            + tag
            + " vector\",\"timestamp\":1732406400999,\"level\":\"SEVERE\"}\n";
    HttpResponse<String> response =
        api.post("api/logs", Api.bearer(), "application/x-ndjson", body);
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(Api.object(response.body()).getInt("accepted")).isEqualTo(2);
    await().atMost(10, TimeUnit.SECONDS).until(() -> api.history("?q=" + tag).size() == 2);
    JsonArray history = api.history("?q=" + tag);
    assertThat(history.getJsonObject(0).getJsonNumber("ts").longValue()).isEqualTo(1732406400500L);
    assertThat(history.getJsonObject(1).getString("level")).isEqualTo("ERROR");
  }

  @Test
  void badIngestGetsItsStatusWithAProblemNamingTheFieldAndLeavesNoTrace() {
    String tag = unique("refused");
    assertProblem(api.ingest("{\"message\": \"" + tag), 400, "body");
    assertProblem(
        api.ingest("[{\"message\":\"" + tag + "\"},{\"level\":\"INFO\"}]"), 400, "[1].message");
    assertProblem(
        api.ingest("[{\"message\":\"" + tag + "\",\"level\":\"LOUD\"}]"), 400, "[0].level");
    assertProblem(
        api.post(
            "api/logs",
            Api.bearer(),
            "application/x-ndjson",
            "{\"message\":\"" + tag + "\"}\nnot json\n"),
        400,
        "line 2");
    assertProblem(api.post("api/logs", Api.bearer(), "text/plain", tag), 415, null);
    String huge = "{\"message\":\"" + "x".repeat(1_100_000) + "\"}";
    assertProblem(api.ingest(huge), 413, null);
    assertThat(api.history("?q=" + tag)).isEmpty();
  }

  @Test
  void badStreamParametersGet400BeforeTheStreamStarts() {
    for (String query : List.of("?level=LOUD", "?lastEventId=abc", "?lastEventId=-5", "?logger=")) {
      HttpResponse<String> response = api.get("api/stream" + query, Api.admin());
      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
    }
    HttpResponse<String> response =
        api.send(
            api.request("api/stream", Api.admin()).header("Last-Event-ID", "12x").GET().build());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Api.object(response.body()).getString("field")).isEqualTo("Last-Event-ID");
  }

  @Test
  void aClosedClientIsGoneFromTheStatsWithinSeconds() {
    await().atMost(20, TimeUnit.SECONDS).until(() -> api.stats().getInt("subscribers") == 0);
    SseClient client = SseClient.open(api, "?source=nothing-ever-comes-here");
    await().atMost(10, TimeUnit.SECONDS).until(() -> api.stats().getInt("subscribers") == 1);
    client.close();
    // the stream is quiet: only the 1 s heartbeat of the test configuration can find it gone
    await().atMost(10, TimeUnit.SECONDS).until(() -> api.stats().getInt("subscribers") == 0);
  }

  @Test
  void idleStreamsGetHeartbeats() {
    try (SseClient client = SseClient.open(api, "?source=nothing-ever-comes-here")) {
      await().atMost(10, TimeUnit.SECONDS).until(() -> client.comments().contains(" ping"));
    }
  }

  @Test
  void corsIsClosedByDefault() {
    HttpResponse<String> response =
        api.send(
            api.request("api/logs?limit=1", Api.admin())
                .header("Origin", "http://elsewhere.example")
                .GET()
                .build());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void readinessIsUpWithTheRelayAndTheStream() {
    HttpResponse<String> ready = api.get("/health/ready", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("livelog").contains("UP");
  }

  @Test
  void historyReadsAfterAnIdWithFiltersAndLimits() {
    String tag = unique("hist");
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 30; i++) {
      batch
          .append(i == 0 ? "" : ",")
          .append("{\"message\":\"")
          .append(tag)
          .append(' ')
          .append(i)
          .append("\",\"level\":\"")
          .append(i % 3 == 0 ? "ERROR" : "INFO")
          .append("\"}");
    }
    assertThat(api.ingest(batch.append(']').toString()).statusCode()).isEqualTo(202);
    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> api.history("?q=" + tag + "&limit=1000").size() == 30);
    JsonArray errors = api.history("?q=" + tag + "&level=ERROR");
    assertThat(errors).hasSize(10);
    String firstId = api.history("?q=" + tag + "&limit=1000").getJsonObject(0).getString("id");
    JsonArray page = api.history("?q=" + tag + "&after=" + firstId + "&limit=5");
    assertThat(page).hasSize(5);
    assertThat(page.getJsonObject(0).getString("message")).isEqualTo(tag + " 1");
    assertThat(api.get("api/logs?limit=5000", Api.admin()).statusCode()).isEqualTo(400);
    assertThat(api.get("api/logs?after=x", Api.admin()).statusCode()).isEqualTo(400);
    // before pages back: the newest older than the id, oldest first
    JsonArray all = api.history("?q=" + tag + "&limit=1000");
    String tenth = all.getJsonObject(10).getString("id");
    JsonArray older = api.history("?q=" + tag + "&before=" + tenth + "&limit=3");
    assertThat(older)
        .extracting(v -> v.asJsonObject().getString("message"))
        .containsExactly(tag + " 7", tag + " 8", tag + " 9");
    assertProblem(api.get("api/logs?before=x", Api.admin()), 400, "before");
    assertProblem(api.get("api/logs?before=5&after=4", Api.admin()), 400, "before");
    // an id at or beyond the largest there is: nothing, never an overflow into old events
    assertThat(api.history("?after=9223372036854775807")).isEmpty();
    assertThat(api.history("?after=9223372036854775806")).isEmpty();
  }

  /**
   * Issue 9: an event that cannot be serialized (a NaN in its fields) is counted and dropped alone;
   * the relay goes on and the next event arrives with the next id.
   */
  @Test
  void anUnserializableEventIsCountedAndHarmsNothingElse() {
    try (SseClient client = SseClient.open(api, "")) {
      await().atMost(10, TimeUnit.SECONDS).until(() -> client.retry() != null);
      long before =
          api.stats().getJsonObject("dropped").getJsonNumber("unserializable").longValue();
      String broken = unique("nan");
      HttpResponse<String> fired =
          api.send(
              api.request("api/test-probe/fire?nan=true&message=" + broken, Api.bearer())
                  .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                  .build());
      assertThat(fired.statusCode()).isEqualTo(204);
      await()
          .atMost(20, TimeUnit.SECONDS)
          .until(
              () ->
                  api.stats().getJsonObject("dropped").getJsonNumber("unserializable").longValue()
                      == before + 1);
      String fine = unique("after-nan");
      api.fire(fine);
      SseClient.Received got = client.awaitMessage(fine);
      assertThat(client.logs()).noneMatch(r -> r.event().getString("message").equals(broken));
      assertThat(api.history("?q=" + broken)).isEmpty();
      assertThat(got.id()).isPositive();
    }
  }

  /** Issue 9: a 1 MB message is held and sent cut to livelog.event.maxChars, and says so. */
  @Test
  void aHugeMessageIsTruncatedAndMarked() {
    String tag = unique("huge");
    String message = tag + " " + "x".repeat(1_000_000 - tag.length() - 1);
    HttpResponse<String> posted =
        api.send(
            api.request("api/logs", Api.bearer())
                .header("Content-Type", "application/x-ndjson")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"log\":\"" + message + "\"}"))
                .build());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    await().atMost(20, TimeUnit.SECONDS).until(() -> api.history("?q=" + tag).size() == 1);
    JsonObject held = api.history("?q=" + tag).getJsonObject(0);
    assertThat(held.getString("message")).hasSize(65_536).startsWith(tag);
    assertThat(held.getBoolean("truncated")).isTrue();
    String small = unique("small");
    api.fire(small);
    await().atMost(20, TimeUnit.SECONDS).until(() -> api.history("?q=" + small).size() == 1);
    assertThat(api.history("?q=" + small).getJsonObject(0).containsKey("truncated")).isFalse();
  }

  /**
   * Issue 9, fair shares: one identity may hold livelog.subscribers.perUser (64) streams; the 65th
   * gets 429 problem+json with Retry-After, and closing one frees a place.
   */
  @Test
  void theSixtyFifthStreamOfOneIdentityIsRefusedWith429() {
    List<io.livelog.testsupport.RawStream> open = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 64; i++) {
        io.livelog.testsupport.RawStream stream =
            io.livelog.testsupport.RawStream.open(api.base(), "api/stream");
        assertThat(stream.status()).isEqualTo(200);
        open.add(stream);
      }
      HttpResponse<String> refused = api.get("api/stream", Api.admin());
      assertProblem(refused, 429, null);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      open.remove(0).close();
      await()
          .atMost(20, TimeUnit.SECONDS)
          .until(
              () -> {
                try (io.livelog.testsupport.RawStream again =
                    io.livelog.testsupport.RawStream.open(api.base(), "api/stream")) {
                  return again.status() == 200;
                }
              });
    } finally {
      open.forEach(io.livelog.testsupport.RawStream::close);
    }
  }

  @Test
  void statsCarryTheContractsFields() {
    JsonObject stats = api.stats();
    assertThat(stats.keySet())
        .contains(
            "subscribers",
            "eventsIn",
            "eventsOut",
            "dropped",
            "historySize",
            "oldestId",
            "newestId",
            "node",
            "clusterMembers",
            "uptimeMillis");
    assertThat(stats.getJsonObject("dropped").keySet())
        .contains("ingestFull", "subscriberOverflow", "unserializable");
    assertThat(stats.getJsonNumber("eventsIn").longValue()).isPositive();
    assertThat(stats.getJsonObject("memory").keySet())
        .as("the node's memory budget, part by part")
        .containsExactlyInAnyOrder("history", "relay", "cluster", "store", "stream");
    long parts =
        stats.getJsonObject("memory").values().stream()
            .mapToLong(v -> ((jakarta.json.JsonNumber) v).longValue())
            .sum();
    assertThat(stats.getJsonNumber("memoryBytes").longValue()).isEqualTo(parts);
    assertThat(stats.getJsonObject("memory").getJsonNumber("history").longValue()).isPositive();
    assertThat(stats.getJsonNumber("memoryMaxBytes").longValue()).isEqualTo(402_653_184L);
  }
}
