package io.livelog.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.testsupport.Api;
import io.livelog.testsupport.ClusterNodes;
import io.livelog.testsupport.SseClient;
import io.livelog.testsupport.WebhookReceiver;
import io.livelog.testsupport.WhatwgSseParser;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three Payara Micro nodes in one Livelog cluster on loopback (issue 12), booted once for the
 * relay, the alerts and the loss of a node, in that order (each in its own nested class, run in
 * their {@code @Order}): every event everywhere once in one id order, resume on another node, the
 * grid on 127.0.0.1 only ({@link Relay}); issue 19's alerts ({@link Alerts}, which restarts a
 * node); and last, kill -9 of a node loses nothing acknowledged and a restarted node catches up
 * ({@link NodeLoss}).
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ClusterIT {

  static final WebhookReceiver HOOK = started();

  @RegisterExtension
  static final ClusterNodes CLUSTER =
      new ClusterNodes(
              3,
              true,
              "livelog.capture.server=false",
              "livelog.alerts.rules=cluster: 3 ERROR from com.acme.cluster. in 60 s")
          .withProperty("livelog.alerts.webhook", "http://127.0.0.1:" + HOOK.port() + "/hook")
          .withProperty("livelog.alerts.webhook.backoffMillis", "100");

  private static final Duration WAIT = Duration.ofSeconds(90);

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

  /** The relay: the grid, every event everywhere once, a subscriber moving to another node. */
  @Nested
  @Order(1)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class Relay {

    @Test
    @Order(1)
    void theGridListensOnLoopbackOnlyAndEveryNodeCountsThreeMembers() throws Exception {
      // the nodes run with the project's payara-config/system.properties and --interfaces
      // 127.0.0.1, no -D flag of the test's: what a user's node gets
      List<String> listening = listeningAddresses();
      for (ClusterNodes.Node node : CLUSTER.nodes()) {
        List<String> grid =
            listening.stream().filter(a -> a.endsWith(":" + node.gridPort)).toList();
        assertThat(grid).as("grid port of " + node.name).isNotEmpty();
        assertThat(grid).as("grid port of " + node.name).allMatch(a -> a.startsWith("127.0.0.1:"));
        var stats = node.api().stats();
        assertThat(stats.getInt("clusterMembers")).isEqualTo(3);
        assertThat(stats.getJsonArray("nodes")).hasSize(3);
        var health = node.api().get("../health/ready", null);
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("livelog-cluster").contains("\"mode\":\"cluster\"");
        assertThat(Files.readString(node.log()))
            .as("a clustered node on its own embedded store says it keeps no grid events")
            .contains("keeps no events from the grid");
      }
    }

    @Test
    @Order(2)
    void everyEventReachesEverySubscriberOnceInOneIdOrder() {
      List<SseClient> subscribers = new ArrayList<>();
      for (ClusterNodes.Node node : CLUSTER.nodes()) {
        for (int i = 0; i < 2; i++) {
          subscribers.add(SseClient.open(node.api(), "?logger=it.everywhere"));
        }
      }
      try {
        for (SseClient subscriber : subscribers) {
          subscriber.awaitEvent("message", WAIT);
        }
        for (int i = 0; i < 300; i++) {
          Api api = CLUSTER.node(i % 3).api();
          HttpResponse<String> answer =
              api.ingest("{\"message\":\"e" + i + "\",\"logger\":\"it.everywhere\"}");
          assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        }
        List<Long> order = null;
        for (SseClient subscriber : subscribers) {
          Awaitility.await().atMost(WAIT).until(() -> subscriber.logs().size() >= 300);
          List<Long> ids = subscriber.logs().stream().map(SseClient.Received::id).toList();
          List<String> messages =
              subscriber.logs().stream().map(r -> r.event().getString("message")).toList();
          assertThat(ids).hasSize(300).isSorted().doesNotHaveDuplicates();
          assertThat(new HashSet<>(messages)).hasSize(300);
          if (order == null) {
            order = ids;
          }
          assertThat(ids).isEqualTo(order);
          assertThat(subscriber.events("gap")).isEmpty();
        }
        Set<String> origins = new HashSet<>();
        subscribers.get(0).logs().forEach(r -> origins.add(r.event().getString("node")));
        assertThat(origins).containsExactlyInAnyOrder("node-a", "node-b", "node-c");
      } finally {
        subscribers.forEach(SseClient::close);
      }
    }

    @Test
    @Order(3)
    void aSubscriberMovesToAnotherNodeWithLastEventIdAndMissesNothing() {
      Api b = CLUSTER.node(1).api();
      Api c = CLUSTER.node(2).api();
      List<String> sent = new ArrayList<>();
      long lastSeen;
      try (SseClient onB = SseClient.open(b, "?logger=it.move")) {
        onB.awaitEvent("message", WAIT);
        for (int i = 0; i < 40; i++) {
          ingest(CLUSTER.node(i % 3).api(), "m" + i, "it.move", sent);
        }
        Awaitility.await().atMost(WAIT).until(() -> onB.logs().size() >= 40);
        lastSeen = onB.logs().get(onB.logs().size() - 1).id();
      }
      for (int i = 40; i < 80; i++) {
        ingest(CLUSTER.node(i % 3).api(), "m" + i, "it.move", sent);
      }
      try (SseClient onC =
          SseClient.open(c, "?logger=it.move", "Last-Event-ID", Long.toString(lastSeen))) {
        Awaitility.await().atMost(WAIT).until(() -> onC.logs().size() >= 40);
        List<String> resumed =
            onC.logs().stream().map(r -> r.event().getString("message")).toList();
        assertThat(new HashSet<>(resumed)).isEqualTo(new HashSet<>(sent.subList(40, 80)));
        assertThat(resumed).hasSize(40);
        assertThat(onC.logs().get(0).id()).isGreaterThan(lastSeen);
        assertThat(onC.events("gap")).isEmpty();
      }
      // issue 17: backfill from one node's history, then stream from another with the newest id
      // read there (which that node may not have read yet): nothing twice, nothing missed
      Api a = CLUSTER.node(0).api();
      List<Long> backfill = new ArrayList<>();
      a.history("?logger=it.move&limit=1000&after=0")
          .forEach(v -> backfill.add(Long.parseLong(v.asJsonObject().getString("id"))));
      assertThat(backfill).hasSize(80);
      long newestRead = backfill.get(backfill.size() - 1);
      List<String> after = new ArrayList<>();
      try (SseClient onB =
          SseClient.open(b, "?logger=it.move", "Last-Event-ID", Long.toString(newestRead))) {
        for (int i = 80; i < 120; i++) {
          ingest(CLUSTER.node(i % 3).api(), "m" + i, "it.move", after);
        }
        Awaitility.await().atMost(WAIT).until(() -> onB.logs().size() >= 40);
        List<Long> ids = onB.logs().stream().map(SseClient.Received::id).toList();
        assertThat(ids).hasSize(40).isSorted().doesNotHaveDuplicates();
        assertThat(ids).allMatch(id -> id > newestRead);
        assertThat(onB.logs().stream().map(r -> r.event().getString("message")).toList())
            .containsExactlyInAnyOrderElementsOf(after);
        assertThat(onB.events("gap")).isEmpty();
      }
    }
  }

  /**
   * Issue 19's alerts on the cluster: every node reads every event and raises the configured rule's
   * alert, exactly one of them posts the webhook (a loopback receiver counts the posts). An
   * operator's rules set on one node survive its {@code kill -9} and restart, and that node alone,
   * having them, posts their alerts.
   */
  @Nested
  @Order(2)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class Alerts {

    final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    @Order(1)
    void everyNodeRaisesTheAlertAndOneOfThemPostsIt() {
      List<Api> nodes = CLUSTER.nodes().stream().map(ClusterNodes.Node::api).toList();
      Api a = nodes.get(0);
      HttpResponse<String> sent =
          a.ingest(
              "[{\"message\":\"c1 "
                  + run
                  + "\",\"level\":\"ERROR\",\"logger\":\"com.acme.cluster.Orders\"},"
                  + "{\"message\":\"c2\",\"level\":\"ERROR\",\"logger\":\"com.acme.cluster.Orders\"},"
                  + "{\"message\":\"c3\",\"level\":\"ERROR\",\"logger\":\"com.acme.cluster.Orders\"}]");
      assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
      Awaitility.await("every node raised the alert and decided who posts")
          .atMost(60, TimeUnit.SECONDS)
          .untilAsserted(
              () -> {
                for (Api node : nodes) {
                  assertThat(metric(node, "livelog_alerts_total{rule=\"cluster\"}")).isEqualTo(1);
                }
                assertThat(nodes.stream().mapToDouble(n -> webhook(n, "posted")).sum())
                    .isEqualTo(1);
                assertThat(nodes.stream().mapToDouble(n -> webhook(n, "other_node")).sum())
                    .isEqualTo(nodes.size() - 1);
              });
      JsonObject posted = HOOK.await("cluster");
      assertThat(posted.getInt("count")).isEqualTo(3);
      assertThat(HOOK.attempts("cluster")).as("one post for the cluster").isEqualTo(1);
      System.out.printf(
          "[livelog] alert 'cluster' posted by %s, left by the others%n", posted.getString("node"));
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
      node.awaitMembers(3);

      JsonObject rules = Api.object(node.api().get("api/alerts", Api.admin()).body());
      assertThat(rules.getString("setBy")).isEqualTo("admin");
      assertThat(rules.getJsonArray("rules").getJsonObject(0).getString("rule"))
          .isEqualTo("restart: 2 WARN where run=" + run + " in 60 s");
      // the other nodes kept their configuration's rules
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
  }

  /** Last: it kills a node while events flow, and starts it again. */
  @Nested
  @Order(3)
  class NodeLoss {

    @Test
    void killingANodeLosesNothingAcknowledgedAndARestartedNodeCatchesUp() throws Exception {
      ClusterNodes.Node a = CLUSTER.node(0);
      List<SseClient> survivors =
          List.of(
              SseClient.open(CLUSTER.node(1).api(), "?logger=it.kill"),
              SseClient.open(CLUSTER.node(2).api(), "?logger=it.kill"));
      try {
        for (SseClient subscriber : survivors) {
          subscriber.awaitEvent("message", WAIT);
        }
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
          if (i == 90) {
            a.kill(); // kill -9 while events flow
          }
          ClusterNodes.Node target = CLUSTER.node(i % 3);
          try {
            HttpResponse<String> answer =
                target.api().ingest("{\"message\":\"k" + i + "\",\"logger\":\"it.kill\"}");
            if (answer.statusCode() == 202) {
              acknowledged.add("k" + i);
            }
          } catch (IllegalStateException refused) {
            // the killed node: not acknowledged
          }
        }
        assertThat(acknowledged.size()).isGreaterThan(150);
        List<Long> order = null;
        for (SseClient subscriber : survivors) {
          Awaitility.await()
              .atMost(WAIT)
              .until(
                  () ->
                      subscriber.logs().stream()
                          .map(r -> r.event().getString("message"))
                          .toList()
                          .containsAll(acknowledged));
          List<Long> ids = subscriber.logs().stream().map(SseClient.Received::id).toList();
          assertThat(ids).isSorted().doesNotHaveDuplicates();
          if (order == null) {
            order = ids;
          }
          assertThat(ids).isEqualTo(order);
        }
        List<Long> survivorIds = order;

        a.start();
        a.awaitMembers(3);
        Awaitility.await()
            .atMost(WAIT)
            .untilAsserted(
                () -> {
                  List<Long> held = new ArrayList<>();
                  a.api()
                      .history("?logger=it.kill&limit=1000&after=0")
                      .forEach(v -> held.add(Long.parseLong(v.asJsonObject().getString("id"))));
                  assertThat(held).containsAll(survivorIds);
                });
        try (SseClient onA = SseClient.open(a.api(), "?logger=it.kill", "Last-Event-ID", "0")) {
          Awaitility.await().atMost(WAIT).until(() -> onA.logs().size() >= survivorIds.size());
          assertThat(onA.logs().stream().map(SseClient.Received::id).toList())
              .containsSubsequence(survivorIds);
          List<WhatwgSseParser.Event> gaps = onA.events("gap");
          assertThat(gaps).hasSizeLessThanOrEqualTo(1);
        }
      } finally {
        survivors.forEach(SseClient::close);
      }
    }
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

  private static void ingest(Api api, String message, String logger, List<String> sent) {
    HttpResponse<String> answer =
        api.ingest("{\"message\":\"" + message + "\",\"logger\":\"" + logger + "\"}");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    sent.add(message);
  }

  /** Local addresses of every listening TCP socket, from /proc/net/tcp and tcp6. */
  private static List<String> listeningAddresses() throws IOException {
    List<String> out = new ArrayList<>();
    for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path path = Path.of(file);
      if (!Files.exists(path)) {
        continue;
      }
      for (String line : Files.readAllLines(path)) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 4 || !"0A".equals(f[3])) {
          continue;
        }
        out.add(decode(f[1]));
      }
    }
    return out;
  }

  private static String decode(String hexAddress) {
    String[] parts = hexAddress.split(":");
    int port = Integer.parseInt(parts[1], 16);
    String hex = parts[0];
    if (hex.length() == 8) {
      long v = Long.parseLong(hex, 16);
      return (v & 0xff)
          + "."
          + (v >> 8 & 0xff)
          + "."
          + (v >> 16 & 0xff)
          + "."
          + (v >> 24 & 0xff)
          + ":"
          + port;
    }
    if (hex.equals("0".repeat(32))) {
      return "[::]:" + port;
    }
    if (hex.startsWith("0000000000000000FFFF0000")) {
      long v = Long.parseLong(hex.substring(24), 16);
      return (v & 0xff)
          + "."
          + (v >> 8 & 0xff)
          + "."
          + (v >> 16 & 0xff)
          + "."
          + (v >> 24 & 0xff)
          + ":"
          + port;
    }
    return "[" + hex + "]:" + port;
  }
}
