package io.livelog.it;

import static io.livelog.testsupport.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livelog.testsupport.Api;
import io.livelog.testsupport.BlackBox;
import io.livelog.testsupport.Deployments;
import io.livelog.testsupport.Prometheus;
import io.livelog.testsupport.ServerLog;
import io.livelog.testsupport.Servers;
import io.livelog.testsupport.SseClient;
import io.livelog.testsupport.WebhookReceiver;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, operating from the console: live log levels (the operator role, changes, their audit
 * and bad input), metrics (scraped by a real Prometheus), the app of captured records and alerts
 * (stream and a loopback webhook receiver), OTLP logs ingest (the OpenTelemetry SDK's exporter and
 * OTLP/JSON), against one server with file-realm users of each role.
 */
class OperateIT extends BlackBox {

  static final Path DIR =
      Path.of(System.getProperty("livelog.basedir", "."), "target", "it-operate");
  static final String PASSWORD = "operate-" + UUID.randomUUID();

  @Deployment(testable = false)
  @TargetsContainer("payara-micro-operate")
  static WebArchive deployment() throws IOException {
    ServerLog.clear(DIR);
    Files.writeString(DIR.resolve("user.pw"), "AS_ADMIN_USERPASSWORD=" + PASSWORD + "\n");
    StringBuilder users = new StringBuilder();
    for (String[] user :
        new String[][] {
          {"vera", "livelog-viewer"}, {"pete", "livelog-producer"}, {"otto", "livelog-operator"}
        }) {
      users
          .append("create-file-user --groups ")
          .append(user[1])
          .append(" --passwordfile ")
          .append(DIR.resolve("user.pw"))
          .append(' ')
          .append(user[0])
          .append('\n');
    }
    Files.writeString(DIR.resolve("realm-users.asadmin"), users.toString());
    HOOK.start();
    return Deployments.livelog(
        "livelog.login.freeFailures=100",
        "livelog.alerts.rules=" + PROBE_RULE,
        "livelog.alerts.webhook=http://127.0.0.1:" + HOOK.port() + "/hook",
        "livelog.alerts.webhook.retries=2",
        "livelog.alerts.webhook.backoffMillis=100",
        // MicroProfile Telemetry: server spans for requests (a traceparent continues its trace)
        "otel.sdk.disabled=false",
        "otel.traces.exporter=none",
        "otel.metrics.exporter=none",
        "otel.logs.exporter=none");
  }

  static final String PROBE_RULE = "probe: 3 ERROR from com.acme.alerts. in 60 s";
  static final WebhookReceiver HOOK = new WebhookReceiver();

  @AfterAll
  static void stopHook() {
    HOOK.stop();
  }

  // ---- log levels ----

  @Test
  void onlyOperatorsMayReadOrChangeLevels() {
    Map<String, String> who = new LinkedHashMap<>();
    who.put("anonymous", null);
    who.put("admin", Api.admin());
    who.put("token (producer)", Api.bearer());
    if (!Servers.wildFly()) { // the file realm is Payara's
      who.put("vera (viewer)", Api.basic("vera", PASSWORD));
      who.put("pete (producer)", Api.basic("pete", PASSWORD));
      who.put("otto (operator)", Api.basic("otto", PASSWORD));
    }
    List<String> table = new ArrayList<>();
    for (Map.Entry<String, String> identity : who.entrySet()) {
      int expected =
          identity.getValue() == null
              ? 401
              : identity.getKey().startsWith("admin") || identity.getKey().startsWith("otto")
                  ? 200
                  : 403;
      String auth = identity.getValue();
      HttpResponse<String> list = api.get("api/loggers", auth);
      HttpResponse<String> put = put("com.acme.matrix", auth, "{\"level\":\"FINE\",\"minutes\":1}");
      HttpResponse<String> one = api.get("api/loggers/com.acme.matrix", auth);
      HttpResponse<String> delete =
          api.send(api.request("api/loggers/com.acme.matrix", auth).DELETE().build());
      table.add(
          identity.getKey()
              + ": GET list="
              + list.statusCode()
              + " PUT="
              + put.statusCode()
              + " GET one="
              + one.statusCode()
              + " DELETE="
              + delete.statusCode());
      assertThat(list.statusCode()).as(table.toString()).isEqualTo(expected);
      assertThat(put.statusCode()).as(table.toString()).isEqualTo(expected);
      assertThat(delete.statusCode()).as(table.toString()).isEqualTo(expected);
      assertThat(one.statusCode()).as(table.toString()).isEqualTo(expected);
      if (expected != 200) {
        assertProblem(put, expected, null);
      }
    }
    System.out.println("[livelog] loggers authorization: " + table);
  }

  @Test
  void aLevelChangeShowsFineRecordsAndIsAuditedThenRestored() {
    String logger = "com.acme.levels.Orders";
    String before = "fine before " + UUID.randomUUID();
    String during = "fine during " + UUID.randomUUID();
    String after = "fine after " + UUID.randomUUID();
    log(logger, "FINE", before);

    HttpResponse<String> set = put(logger, Api.admin(), "{\"level\":\"DEBUG\",\"minutes\":10}");
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    JsonObject changed = Api.object(set.body());
    assertThat(changed.getString("level")).isEqualTo("FINE");
    assertThat(changed.getString("effectiveLevel")).isEqualTo("FINE");
    assertThat(changed.getString("previous")).isEqualTo("inherited");
    assertThat(changed.getJsonNumber("restoreAt").longValue())
        .isGreaterThan(System.currentTimeMillis());
    JsonObject listed =
        Api.array(api.get("api/loggers", Api.admin()).body()).stream()
            .map(JsonValue::asJsonObject)
            .filter(l -> l.getString("name").equals(logger))
            .findFirst()
            .orElseThrow();
    assertThat(listed.getString("level")).isEqualTo("FINE");

    log(logger, "FINE", during);
    await()
        .atMost(30, TimeUnit.SECONDS)
        .untilAsserted(
            () ->
                assertThat(messages("?source=server&logger=" + logger))
                    .contains(during)
                    .doesNotContain(before));
    JsonObject audit = security("set logger " + logger);
    assertThat(audit.getString("message"))
        .isEqualTo("admin set logger " + logger + " to FINE for 10 minutes (was inherited)");
    assertThat(audit.getJsonObject("fields").getString("user")).isEqualTo("admin");

    HttpResponse<String> restored =
        api.send(api.request("api/loggers/" + logger, Api.admin()).DELETE().build());
    assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
    assertThat(Api.object(restored.body()).containsKey("level")).isFalse();
    assertThat(security("logger " + logger + " restored").getString("message"))
        .isEqualTo("logger " + logger + " restored to inherited by admin");
    log(logger, "FINE", after);
    log(logger, "INFO", after + " info");
    await()
        .atMost(30, TimeUnit.SECONDS)
        .untilAsserted(() -> assertThat(messages("?source=server")).contains(after + " info"));
    assertThat(messages("?source=server")).doesNotContain(after);
    assertProblem(
        api.send(api.request("api/loggers/" + logger, Api.admin()).DELETE().build()), 404, "name");
  }

  @Test
  void badNamesLevelsMinutesAndBodiesAreProblemsNamingTheField() {
    assertProblem(put("com.acme.bad", Api.admin(), "{\"level\":\"LOUD\"}"), 400, "level");
    assertProblem(put("com.acme.bad", Api.admin(), "{\"minutes\":1}"), 400, "level");
    assertProblem(
        put("com.acme.bad", Api.admin(), "{\"level\":\"FINE\",\"minutes\":0}"), 400, "minutes");
    assertProblem(
        put("com.acme.bad", Api.admin(), "{\"level\":\"FINE\",\"minutes\":1441}"), 400, "minutes");
    assertProblem(
        put("com.acme.bad", Api.admin(), "{\"level\":\"FINE\",\"minutes\":\"ten\"}"),
        400,
        "minutes");
    assertProblem(put("com.acme.bad", Api.admin(), "[1]"), 400, "body");
    assertProblem(put("com.acme.bad", Api.admin(), "{"), 400, "body");
    assertProblem(put("com..bad", Api.admin(), "{\"level\":\"FINE\"}"), 400, "name");
    assertProblem(put("com.acme%20bad", Api.admin(), "{\"level\":\"FINE\"}"), 400, "name");
    assertProblem(api.get("api/loggers/com.acme.never.made.Here", Api.admin()), 404, "name");
    HttpResponse<String> text =
        api.send(
            api.request("api/loggers/com.acme.bad", Api.admin())
                .header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("FINE"))
                .build());
    assertProblem(text, 415, null);
    assertThat(api.get("api/loggers/com.acme.bad", Api.admin()).statusCode()).isEqualTo(404);
  }

  // ---- metrics ----

  @Test
  void metricsAreForViewersInPrometheusTextOrOpenMetrics() {
    assertProblem(api.get("api/metrics", null), 401, null);
    assertProblem(api.get("api/metrics", Api.bearer()), 403, null);
    if (!Servers.wildFly()) {
      assertThat(api.get("api/metrics", Api.basic("vera", PASSWORD)).statusCode()).isEqualTo(200);
      assertProblem(api.get("api/metrics", Api.basic("otto", PASSWORD)), 403, null);
    }
    HttpResponse<String> text = api.get("api/metrics", Api.admin());
    assertThat(text.statusCode()).isEqualTo(200);
    assertThat(text.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/plain")
        .contains("version=0.0.4");
    assertThat(text.body())
        .contains("# TYPE livelog_events_in_total counter")
        .contains("livelog_events_out_total ")
        .contains("livelog_dropped_total{reason=\"ingestFull\"} ")
        .contains("livelog_dropped_total{reason=\"subscriberOverflow\"} ")
        .contains("livelog_subscribers ", "livelog_filter_groups ", "livelog_history_events ")
        .contains("livelog_history_size_bytes ")
        .contains("livelog_events_recorded_total{level=\"", "process_cpu_seconds_total ")
        .doesNotContain("process_cpu_time_ns_total");

    HttpResponse<String> open =
        api.send(
            api.request("api/metrics", Api.admin())
                .header("Accept", "application/openmetrics-text; version=1.0.0")
                .GET()
                .build());
    assertThat(open.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/openmetrics-text");
    assertThat(open.body()).contains("# TYPE livelog_events_in counter").endsWith("# EOF\n");
  }

  @Test
  void aRealPrometheusScrapesTheMetrics() throws Exception {
    api.ingest("[{\"message\":\"for prometheus 1\"},{\"message\":\"for prometheus 2\"}]");
    long before = api.stats().getJsonNumber("eventsIn").longValue();
    try (Prometheus prometheus =
        Prometheus.scraping(api.uri("api/metrics"), "admin", Deployments.ADMIN_PASSWORD)) {
      await()
          .atMost(60, TimeUnit.SECONDS)
          .untilAsserted(
              () -> assertThat(prometheus.targetHealth()).as(prometheus.log()).hasValue("up "));
      await()
          .atMost(60, TimeUnit.SECONDS)
          .untilAsserted(
              () ->
                  assertThat(prometheus.value("livelog_events_in_total"))
                      .as(prometheus.log())
                      .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(before)));
      long after = api.stats().getJsonNumber("eventsIn").longValue();
      assertThat(prometheus.value("livelog_events_in_total").orElseThrow())
          .isLessThanOrEqualTo(after);
      assertThat(prometheus.value("livelog_dropped_total{reason=\"ingestFull\"}")).isPresent();

      // by source and level, through the same scrapes
      api.ingest(
          "[{\"message\":\"p1\",\"level\":\"ERROR\",\"source\":\"prom-it\"},"
              + "{\"message\":\"p2\",\"level\":\"ERROR\",\"source\":\"prom-it\"},"
              + "{\"message\":\"p3\",\"level\":\"WARN\",\"source\":\"prom-it\"}]");
      await()
          .atMost(60, TimeUnit.SECONDS)
          .untilAsserted(
              () -> {
                assertThat(
                        prometheus.value(
                            "livelog_events_recorded_total{source=\"prom-it\",level=\"ERROR\"}"))
                    .as(prometheus.log())
                    .hasValue(2.0);
                assertThat(
                        prometheus.value(
                            "livelog_events_recorded_total{source=\"prom-it\",level=\"WARN\"}"))
                    .hasValue(1.0);
              });
      for (String series :
          List.of(
              "livelog_events_out_total",
              "livelog_subscribers",
              "livelog_filter_groups",
              "livelog_history_size_bytes",
              "livelog_store_size_bytes",
              "livelog_store_lag_seconds",
              "livelog_relay_queued",
              "livelog_memory_bytes{part=\"history\"}",
              "livelog_memory_max_bytes",
              "livelog_cluster_lag",
              "livelog_cluster_append_queued",
              "livelog_record_delay_seconds_count",
              "livelog_record_delay_seconds_max",
              "jvm_memory_used_bytes{area=\"heap\",id=~\".+\"}",
              "process_cpu_usage",
              "process_cpu_seconds_total")) {
        assertThat(prometheus.value("sum(" + series + ")")).as(series).isPresent();
      }
      // the server's own records are stamped by its clock: the relay's wait was timed for them
      assertThat(prometheus.value("sum(livelog_events_recorded_total{source=\"server\"})"))
          .hasValueSatisfying(v -> assertThat(v).isPositive());
      assertThat(prometheus.value("livelog_record_delay_seconds_count"))
          .hasValueSatisfying(v -> assertThat(v).isPositive());
    }
  }

  // ---- where each record came from ----

  @Test
  void capturedRecordsNameTheirAppAndFilterByIt() {
    String logger = "com.acme.app.Probe";
    String message = "from the app " + UUID.randomUUID();
    try (SseClient live = SseClient.open(api, "?app=livelog&logger=" + logger);
        SseClient none = SseClient.open(api, "?app=server&logger=" + logger)) {
      log(logger, "INFO", message);
      JsonObject event = live.awaitMessage(message).event();
      assertThat(event.getString("app")).isEqualTo("livelog");
      assertThat(event.getString("source")).isEqualTo("server");
      String marker = "after " + UUID.randomUUID();
      log("com.acme.app.Marker", "INFO", marker);
      await()
          .atMost(30, TimeUnit.SECONDS)
          .untilAsserted(() -> assertThat(messages("?app=livelog")).contains(marker));
      assertThat(none.logs()).isEmpty();
    }
    assertThat(messages("?app=livelog&logger=" + logger)).containsExactly(message);
    assertThat(messages("?app=server&logger=" + logger)).isEmpty();
    assertProblem(api.get("api/logs?app=", Api.admin()), 400, "app");
    // the container's own records, when it logged some after Livelog started, are the server's
    List<String> serverApps =
        api.history("?source=server&limit=1000").stream()
            .map(JsonValue::asJsonObject)
            .filter(e -> !e.getString("logger").startsWith("io.livelog"))
            .filter(e -> !e.getString("logger").startsWith("com.acme"))
            .map(e -> e.getString("app", "(none)"))
            .distinct()
            .toList();
    System.out.println("[livelog] apps of the container's own records: " + serverApps);
    assertThat(serverApps).doesNotContain("(none)");
  }

  // ---- trace correlation ----

  @Test
  void recordsAndEventsMadeInsideARequestsSpanCarryItsTrace() {
    String trace = UUID.randomUUID().toString().replace("-", "");
    String parent = "b7ad6b7169203331";
    String message = "traced " + UUID.randomUUID();
    HttpResponse<String> logged =
        api.send(
            api.request(
                    "api/test-probe/log?logger=com.acme.traced&level=INFO&message="
                        + URLEncoder.encode(message, StandardCharsets.UTF_8),
                    Api.bearer())
                .header("traceparent", "00-" + trace + "-" + parent + "-01")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(logged.statusCode()).isEqualTo(204);
    await()
        .atMost(30, TimeUnit.SECONDS)
        .untilAsserted(() -> assertThat(messages("?logger=com.acme.traced")).contains(message));
    JsonObject event = api.history("?logger=com.acme.traced").getJsonObject(0);
    if (!event.containsKey("traceId")) {
      System.out.println(
          "[livelog] SKIPPED trace correlation: this server made no span for the request"
              + " (no OpenTelemetry API or tracing for deployments): "
              + event);
      org.junit.jupiter.api.Assumptions.abort("no span for the request on this server");
    }
    assertThat(event.getString("traceId")).isEqualTo(trace);
    assertThat(event.getString("spanId")).matches("[0-9a-f]{16}").isNotEqualTo(parent);
  }

  // ---- alerts ----

  @Test
  void aConfiguredRuleFiresOnTheStreamAndTheWebhook() {
    try (SseClient client = SseClient.open(api, "?level=ERROR")) {
      for (int i = 0; i < 3; i++) {
        log("com.acme.alerts.Orders", "SEVERE", "order failed " + i);
      }
      JsonObject alert =
          Api.object(client.awaitEvent("alert", java.time.Duration.ofSeconds(30)).data());
      List<String> ids =
          api.history("?logger=com.acme.alerts.").stream()
              .map(e -> e.asJsonObject().getString("id"))
              .toList();
      assertThat(ids).hasSize(3);
      assertThat(alert.getString("rule")).isEqualTo("probe");
      assertThat(alert.getInt("count")).isEqualTo(3);
      assertThat(alert.getInt("windowSeconds")).isEqualTo(60);
      assertThat(alert.getString("firstId")).isEqualTo(ids.get(0));
      assertThat(alert.getString("lastId")).isEqualTo(ids.get(2));
    }
    JsonObject posted = HOOK.await("probe");
    assertThat(posted.getString("text")).startsWith("Livelog alert probe: 3 events within 60 s");
    assertThat(posted.getInt("count")).isEqualTo(3);
  }

  @Test
  void operatorsReplaceRulesAndWebhookFailuresAreRetriedAndCounted() {
    String rules =
        "{\"rules\":[\"flaky: 2 WARN from com.acme.flaky. containing boom in 60 s\","
            + "\"failing: 1 ERROR from com.acme.failing. in 60 s\"]}";
    assertProblem(putAlerts(Api.bearer(), rules), 403, null);
    if (!Servers.wildFly()) {
      assertProblem(putAlerts(Api.basic("vera", PASSWORD), rules), 403, null);
    }
    assertProblem(
        putAlerts(Api.admin(), "{\"rules\":[\"1 ERROR in 5 s\",\"5 LOUD in 5 s\"]}"),
        400,
        "rules[1]");
    assertProblem(putAlerts(Api.admin(), "{\"rules\":\"x\"}"), 400, "rules");
    assertProblem(putAlerts(Api.admin(), "nope"), 400, "body");
    try {
      HttpResponse<String> set = putAlerts(Api.admin(), rules);
      assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
      assertThat(api.get("api/alerts", Api.admin()).body())
          .contains("\"name\":\"flaky\"", "\"name\":\"failing\"")
          .doesNotContain("probe");
      assertThat(security("set 2 alert rules").getJsonObject("fields").getString("user"))
          .isEqualTo("admin");
      long failedBefore = dropped("webhookFailed");

      log("com.acme.flaky.A", "WARNING", "boom one");
      log("com.acme.flaky.A", "WARNING", "no match");
      log("com.acme.flaky.A", "WARNING", "BOOM two");
      assertThat(HOOK.await("flaky").getInt("count")).isEqualTo(2);
      assertThat(HOOK.attempts("flaky"))
          .as("the first post fails, a retry gets through")
          .isEqualTo(2);

      log("com.acme.failing.A", "SEVERE", "fails every time");
      await()
          .atMost(30, TimeUnit.SECONDS)
          .untilAsserted(() -> assertThat(dropped("webhookFailed")).isEqualTo(failedBefore + 1));
      assertThat(HOOK.attempts("failing")).as("one post and two retries").isEqualTo(3);
      assertThat(api.get("api/metrics", Api.admin()).body())
          .contains("livelog_dropped_total{reason=\"webhookFailed\"} " + (failedBefore + 1.0));
    } finally {
      putAlerts(Api.admin(), "{\"rules\":[\"" + PROBE_RULE + "\"]}");
    }
  }

  @Test
  void aRuleOnAFieldFiresAndTheOperatorsRulesAreSavedWithWhoSetThem() {
    assertThat(Api.object(api.get("api/alerts", Api.admin()).body()).getString("setBy"))
        .isEqualTo("configuration");
    assertProblem(
        putAlerts(Api.admin(), "{\"rules\":[\"1 ERROR where =x in 5 s\"]}"), 400, "rules[0]");
    assertProblem(
        putAlerts(Api.admin(), "{\"rules\":[\"1 ERROR containing \\\"a;b\\\" in 5 s\"]}"),
        400,
        "rules[0]");
    String who = Servers.wildFly() ? "admin" : "otto";
    String auth = Servers.wildFly() ? Api.admin() : Api.basic("otto", PASSWORD);
    try {
      HttpResponse<String> set =
          putAlerts(
              auth,
              "{\"rules\":[\"shop: 2 any where status=503 where shop=\\\"web shop\\\" in 60 s\"]}");
      assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
      JsonObject rules = Api.object(api.get("api/alerts", Api.admin()).body());
      assertThat(rules.getString("setBy")).isEqualTo(who);
      assertThat(rules.getJsonNumber("setAt").longValue()).isPositive();
      JsonObject rule = rules.getJsonArray("rules").getJsonObject(0);
      assertThat(rule.getJsonObject("where").getString("status")).isEqualTo("503");
      assertThat(rule.getJsonObject("where").getString("shop")).isEqualTo("web shop");

      double alertsBefore = alertsRaised("shop");
      api.ingest(
          "[{\"message\":\"s1\",\"status\":503,\"shop\":\"web shop\"},"
              + "{\"message\":\"s2\",\"status\":200,\"shop\":\"web shop\"},"
              + "{\"message\":\"s3\",\"status\":503,\"shop\":\"other\"},"
              + "{\"message\":\"s4\",\"status\":503,\"shop\":\"web shop\"}]");
      JsonObject posted = HOOK.await("shop");
      assertThat(posted.getInt("count")).isEqualTo(2);
      List<String> ids =
          api.history("?q=s&limit=1000").stream()
              .map(JsonValue::asJsonObject)
              .filter(
                  e -> e.getString("message").equals("s1") || e.getString("message").equals("s4"))
              .map(e -> e.getString("id"))
              .toList();
      assertThat(List.of(posted.getString("firstId"), posted.getString("lastId")))
          .containsExactlyElementsOf(ids);
      await()
          .atMost(30, TimeUnit.SECONDS)
          .untilAsserted(() -> assertThat(alertsRaised("shop")).isEqualTo(alertsBefore + 1));
      assertThat(api.get("api/metrics", Api.admin()).body())
          .containsPattern("livelog_alerts_webhook_total\\{outcome=\"posted\"} [1-9]")
          .contains("livelog_alerts_webhook_total{outcome=\"other_node\"} 0.0");
    } finally {
      putAlerts(Api.admin(), "{\"rules\":[\"" + PROBE_RULE + "\"]}");
    }
  }

  private double alertsRaised(String rule) {
    String prefix = "livelog_alerts_total{rule=\"" + rule + "\"} ";
    return api.get("api/metrics", Api.admin())
        .body()
        .lines()
        .filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length())))
        .findFirst()
        .orElse(0);
  }

  private long dropped(String reason) {
    return api.stats().getJsonObject("dropped").getJsonNumber(reason).longValue();
  }

  private HttpResponse<String> putAlerts(String auth, String json) {
    return api.send(
        api.request("api/alerts", auth)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  // ---- OTLP ingest ----

  static final String TRACE = "5b8efff798038103d269b633813fc60c";
  static final String SPAN = "eee19b7ec3c1b174";

  @Test
  void theOpenTelemetrySdkExportsLogsOverOtlpHttpProtobuf() {
    String message = "invoice late " + UUID.randomUUID();
    OtlpHttpLogRecordExporter exporter =
        OtlpHttpLogRecordExporter.builder()
            .setEndpoint(api.uri("api/otlp/v1/logs").toString())
            .addHeader("Authorization", Api.bearer())
            .build();
    SdkLoggerProvider provider =
        SdkLoggerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(AttributeKey.stringKey("service.name"), "billing"))))
            .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter))
            .build();
    try {
      provider
          .get("com.acme.billing.Invoices")
          .logRecordBuilder()
          .setSeverity(Severity.WARN)
          .setBody(message)
          .setAttribute(AttributeKey.longKey("invoice"), 42L)
          .setContext(
              Context.root()
                  .with(
                      Span.wrap(
                          SpanContext.create(
                              TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault()))))
          .emit();
      CompletableResultCode flushed = provider.forceFlush().join(30, TimeUnit.SECONDS);
      assertThat(flushed.isSuccess()).as("the exporter's POST succeeded").isTrue();
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
    JsonObject event = otlpEvent(message);
    assertThat(event.getString("level")).isEqualTo("WARN");
    assertThat(event.getString("logger")).isEqualTo("com.acme.billing.Invoices");
    assertThat(event.getString("traceId")).isEqualTo(TRACE);
    assertThat(event.getString("spanId")).isEqualTo(SPAN);
    assertThat(event.getJsonObject("fields").getString("service")).isEqualTo("billing");
    assertThat(event.getJsonObject("fields").getInt("invoice")).isEqualTo(42);
  }

  @Test
  void otlpJsonIsAcceptedAndBadInputGetsTheIngestErrors() {
    String message = "json record " + UUID.randomUUID();
    String json =
        "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
            + "\"value\":{\"stringValue\":\"web\"}}]},\"scopeLogs\":[{\"scope\":{\"name\":"
            + "\"shop\"},\"logRecords\":[{\"timeUnixNano\":\"1733500000123456789\","
            + "\"severityNumber\":17,\"body\":{\"stringValue\":\""
            + message
            + "\"},\"traceId\":\""
            + TRACE
            + "\",\"spanId\":\""
            + SPAN
            + "\"}]}]}]}";
    HttpResponse<String> ok = api.post("api/otlp/v1/logs", Api.bearer(), "application/json", json);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("{}");
    JsonObject event = otlpEvent(message);
    assertThat(event.getString("level")).isEqualTo("ERROR");
    assertThat(event.getJsonNumber("ts").longValue()).isEqualTo(1_733_500_000_123L);
    assertThat(event.getString("traceId")).isEqualTo(TRACE);

    assertProblem(api.post("api/otlp/v1/logs", null, "application/json", json), 401, null);
    if (!Servers.wildFly()) {
      assertProblem(
          api.post("api/otlp/v1/logs", Api.basic("vera", PASSWORD), "application/json", json),
          403,
          null);
    }
    assertProblem(api.post("api/otlp/v1/logs", Api.bearer(), "text/plain", json), 415, null);
    assertProblem(
        api.post(
            "api/otlp/v1/logs",
            Api.bearer(),
            "application/json",
            "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"spanId\":\"zz\"}]}]}]}"),
        400,
        "resourceLogs[0].scopeLogs[0].logRecords[0].spanId");
    assertProblem(
        api.send(
            api.request("api/otlp/v1/logs", Api.bearer())
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0x0a, (byte) 0xff}))
                .build()),
        400,
        "body");
    assertProblem(
        api.post(
            "api/otlp/v1/logs", Api.bearer(), "application/json", " ".repeat(1_100_000) + json),
        413,
        null);
  }

  private JsonObject otlpEvent(String message) {
    List<JsonObject> found = new ArrayList<>();
    await()
        .atMost(30, TimeUnit.SECONDS)
        .until(
            () -> {
              found.clear();
              api.history("?source=otlp&limit=1000").stream()
                  .map(JsonValue::asJsonObject)
                  .filter(e -> e.getString("message").equals(message))
                  .forEach(found::add);
              return !found.isEmpty();
            });
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  // ---- helpers ----

  private HttpResponse<String> put(String logger, String auth, String json) {
    return api.send(
        api.request("api/loggers/" + logger, auth)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private void log(String logger, String level, String message) {
    HttpResponse<String> response =
        api.send(
            api.request(
                    "api/test-probe/log?logger="
                        + logger
                        + "&level="
                        + level
                        + "&message="
                        + URLEncoder.encode(message, StandardCharsets.UTF_8),
                    Api.bearer())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
  }

  private List<String> messages(String query) {
    return api.history(query + (query.contains("?") ? "&" : "?") + "limit=1000").stream()
        .map(e -> e.asJsonObject().getString("message"))
        .toList();
  }

  private JsonObject security(String text) {
    List<JsonObject> found = new ArrayList<>();
    await()
        .atMost(30, TimeUnit.SECONDS)
        .until(
            () -> {
              found.clear();
              api.history("?source=security&limit=1000&q=" + URLEncoder.encode(text, "UTF-8"))
                  .forEach(e -> found.add(e.asJsonObject()));
              return !found.isEmpty();
            });
    return found.get(found.size() - 1);
  }
}
