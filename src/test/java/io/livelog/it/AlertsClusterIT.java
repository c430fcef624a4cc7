package io.livelog.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livelog.testsupport.Api;
import io.livelog.testsupport.ClusterNodes;
import io.livelog.testsupport.WebhookReceiver;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 19's alerts on a Payara cluster of two nodes (the README's cluster options, loopback only):
 * both nodes read every event and raise the configured rule's alert, one of them posts the webhook
 * (a loopback receiver counts the posts). An operator's rules set on one node survive its {@code
 * kill -9} and restart, and that node alone, having them, posts their alerts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertsClusterIT {

  static final WebhookReceiver HOOK = started();

  @RegisterExtension
  static final ClusterNodes CLUSTER =
      new ClusterNodes(
              2,
              true,
              "livelog.capture.server=false",
              "livelog.alerts.rules=cluster: 3 ERROR from com.acme.cluster. in 60 s")
          .withProperty("livelog.alerts.webhook", "http://127.0.0.1:" + HOOK.port() + "/hook")
          .withProperty("livelog.alerts.webhook.backoffMillis", "100");

  final String run = UUID.randomUUID().toString().substring(0, 8);

  static WebhookReceiver started() {
    WebhookReceiver hook = new WebhookReceiver();
    try {
      hook.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return hook;
  }

  @AfterAll
  static void stopHook() {
    HOOK.stop();
  }

  @Test
  @Order(1)
  void everyNodeRaisesTheAlertAndOneOfThemPostsIt() {
    Api a = CLUSTER.node(0).api();
    Api b = CLUSTER.node(1).api();
    HttpResponse<String> sent =
        a.ingest(
            "[{\"message\":\"c1 "
                + run
                + "\",\"level\":\"ERROR\",\"logger\":\"com.acme.cluster.Orders\"},"
                + "{\"message\":\"c2\",\"level\":\"ERROR\",\"logger\":\"com.acme.cluster.Orders\"},"
                + "{\"message\":\"c3\",\"level\":\"ERROR\",\"logger\":\"com.acme.cluster.Orders\"}]");
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
    await("both nodes raised the alert and decided who posts")
        .atMost(60, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              assertThat(metric(a, "livelog_alerts_total{rule=\"cluster\"}")).isEqualTo(1);
              assertThat(metric(b, "livelog_alerts_total{rule=\"cluster\"}")).isEqualTo(1);
              assertThat(webhook(a, "posted") + webhook(b, "posted")).isEqualTo(1);
              assertThat(webhook(a, "other_node") + webhook(b, "other_node")).isEqualTo(1);
            });
    JsonObject posted = HOOK.await("cluster");
    assertThat(posted.getInt("count")).isEqualTo(3);
    assertThat(HOOK.attempts("cluster")).as("one post for the cluster").isEqualTo(1);
    System.out.printf(
        "[livelog] alert 'cluster' posted by %s, left by the other%n", posted.getString("node"));
  }

  @Test
  @Order(2)
  void anOperatorsRulesSurviveKillNineAndTheNodeHavingThemPostsTheirAlerts() throws Exception {
    ClusterNodes.Node node = CLUSTER.node(1);
    HttpResponse<String> set =
        node.api()
            .send(
                node.api()
                    .request("api/alerts", Api.admin())
                    .header("Content-Type", "application/json")
                    .PUT(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"rules\":[\"restart: 2 WARN where run=" + run + " in 60 s\"]}"))
                    .build());
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);

    node.kill();
    node.start();
    node.awaitMembers(2);

    JsonObject rules = Api.object(node.api().get("api/alerts", Api.admin()).body());
    assertThat(rules.getString("setBy")).isEqualTo("admin");
    assertThat(rules.getJsonArray("rules").getJsonObject(0).getString("rule"))
        .isEqualTo("restart: 2 WARN where run=" + run + " in 60 s");
    // the other node kept its configuration's rules
    assertThat(
            Api.object(CLUSTER.node(0).api().get("api/alerts", Api.admin()).body())
                .getString("setBy"))
        .isEqualTo("configuration");

    HttpResponse<String> sent =
        CLUSTER
            .node(0)
            .api()
            .ingest(
                "[{\"message\":\"r1\",\"level\":\"WARN\",\"run\":\""
                    + run
                    + "\"},{\"message\":\"r2\",\"level\":\"ERROR\",\"run\":\""
                    + run
                    + "\"}]");
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
    JsonObject posted = HOOK.await("restart");
    assertThat(posted.getString("node")).isEqualTo(node.name);
    assertThat(HOOK.attempts("restart")).isEqualTo(1);
  }

  private static double webhook(Api api, String outcome) {
    return metric(api, "livelog_alerts_webhook_total{outcome=\"" + outcome + "\"}");
  }

  /** One series' value from the node's scrape, 0 when absent. */
  private static double metric(Api api, String series) {
    HttpResponse<String> scrape = api.get("api/metrics", Api.admin());
    assertThat(scrape.statusCode()).isEqualTo(200);
    return scrape
        .body()
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
        .findFirst()
        .orElse(0);
  }
}
