package io.livelog.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livelog.testsupport.Api;
import io.livelog.testsupport.BlackBox;
import io.livelog.testsupport.Deployments;
import io.livelog.testsupport.Servers;
import io.livelog.testsupport.SseClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * What must hold on every server the same WAR runs on (Payara Micro by default, WildFly under
 * {@code -Pwildfly}): the OpenAPI document, the server's own log records with their parameters
 * applied, health on the HTTP port, and health samples without server-specific classes.
 */
class PortabilityIT extends BlackBox {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.livelog();
  }

  @Test
  void openApiDocumentDescribesTheEndpoints() {
    HttpResponse<String> yaml = api.get("/openapi", null);
    assertThat(yaml.statusCode()).as(yaml.body()).isEqualTo(200);
    assertThat(yaml.body())
        .contains("openapi: 3.")
        .contains("api/stream:", "api/logs:", "api/stats:")
        .contains("Live log events as Server-Sent Events", "Ingest events", "History")
        .contains("text/event-stream", "application/x-ndjson", "application/problem+json")
        .contains("Last-Event-ID", "Retry-After");
  }

  @Test
  void theServersOwnRecordsReachTheHistoryWithTheirParametersApplied() {
    await()
        .atMost(60, TimeUnit.SECONDS)
        .untilAsserted(
            () -> assertThat(serverRecordsOfTheServerItself()).as("server records").isNotEmpty());
    for (JsonObject record : serverRecordsOfTheServerItself()) {
      // JBoss LogManager records carry printf formats: they must arrive formatted
      assertThat(record.getString("message")).as(record.toString()).doesNotContain("%s", "%d");
    }
  }

  private List<JsonObject> serverRecordsOfTheServerItself() {
    JsonArray records = api.history("?source=server&limit=1000");
    return records.stream()
        .map(JsonValue::asJsonObject)
        .filter(e -> !e.getString("logger").startsWith("io.livelog"))
        .filter(e -> !e.getString("logger").startsWith("com.acme"))
        .toList();
  }

  @Test
  void healthAnswersOnTheHttpPortWithLivelogsReadiness() {
    HttpResponse<String> ready = api.get("/health/ready", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(Api.object(ready.body()).getJsonArray("checks").toString()).contains("\"livelog\"");
    assertThat(api.get("/health/live", null).statusCode()).isEqualTo(200);
  }

  @Test
  void healthSamplesCarryHeapThreadsAndAKnownOrUnknownCpuLoad() {
    try (SseClient client = SseClient.open(api, "")) {
      JsonObject metric = Api.object(client.awaitEvent("metric", Duration.ofSeconds(30)).data());
      assertThat(metric.getJsonNumber("heapUsed").longValue()).isPositive();
      assertThat(metric.getInt("threads")).isPositive();
      // -1 says "unknown" where a server hides the process CPU load; otherwise 0..1
      assertThat(metric.getJsonNumber("cpuLoad").doubleValue()).isBetween(-1.0, 1.0);
      System.out.println(
          "[livelog] health sample on "
              + (Servers.wildFly() ? "WildFly" : "Payara")
              + ": "
              + metric);
    }
  }
}
