package io.livelog.alerts.control;

import io.livelog.cluster.control.ClusterRelay;
import io.livelog.events.control.JsonFactories;
import io.livelog.events.entity.Alert;
import io.livelog.stats.control.Counters;
import io.livelog.stats.control.Counters.Drop;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * POSTs each alert as JSON to {@code livelog.alerts.webhook}, with a Slack-compatible {@code text}
 * field beside the alert's own fields. At most {@code livelog.alerts.webhook.perMinute} posts a
 * minute (more are counted as {@code webhookLimited}); a post that fails (no answer, or not 2xx) is
 * retried up to {@code livelog.alerts.webhook.retries} times, waiting {@code
 * livelog.alerts.webhook.backoffMillis} and doubling, on the container's scheduler; one that never
 * gets through is counted as {@code webhookFailed}. On a cluster only the node that claims an alert
 * first posts it ({@link PostOnce}); the others count it as left to another node.
 */
@ApplicationScoped
public class Webhook {

  private static final Logger LOG = Logger.getLogger(Webhook.class.getName());
  private static final JsonBuilderFactory JSON =
      JsonFactories.provider().createBuilderFactory(Map.of());

  @Inject
  @ConfigProperty(name = "livelog.alerts.webhook")
  Optional<String> url;

  @Inject
  @ConfigProperty(name = "livelog.alerts.webhook.perMinute", defaultValue = "12")
  int perMinute;

  @Inject
  @ConfigProperty(name = "livelog.alerts.webhook.retries", defaultValue = "3")
  int retries;

  @Inject
  @ConfigProperty(name = "livelog.alerts.webhook.backoffMillis", defaultValue = "1000")
  long backoffMillis;

  @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
  ScheduledExecutorService scheduler;

  @Inject Counters counters;
  @Inject ClusterRelay cluster;

  private final ArrayDeque<Long> sent = new ArrayDeque<>();
  private URI target;
  private PostOnce once;
  private final LongAdder posted = new LongAdder();
  private final LongAdder otherNode = new LongAdder();

  @PostConstruct
  void init() {
    once = new PostOnce(key -> cluster.claim(key, PostOnce.CLAIM_SECONDS));
    String configured = url.map(String::strip).filter(u -> !u.isEmpty()).orElse(null);
    if (configured != null) {
      URI uri = URI.create(configured);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("livelog.alerts.webhook must be an http(s) URL");
      }
      target = uri;
    }
  }

  /**
   * Sends the alert when a webhook is configured, this node is the one to post it and the rate
   * allows; never blocks (all of it runs on the container's scheduler).
   */
  public void send(Alert alert) {
    if (target == null) {
      return;
    }
    byte[] body = payload(alert).getBytes(StandardCharsets.UTF_8);
    scheduler.execute(() -> deliver(alert, body));
  }

  private void deliver(Alert alert, byte[] body) {
    if (once.decide(alert) == PostOnce.Decision.OTHER_NODE) {
      otherNode.increment();
      return;
    }
    if (!allowed(System.nanoTime())) {
      counters.drop(Drop.webhookLimited, 1);
      return;
    }
    attempt(body, 0);
  }

  /** Alerts this node posted successfully. */
  public long posted() {
    return posted.sum();
  }

  /** Alerts another node of the cluster claimed, so this one did not post them. */
  public long leftToOtherNodes() {
    return otherNode.sum();
  }

  private synchronized boolean allowed(long now) {
    long minute = TimeUnit.MINUTES.toNanos(1);
    while (!sent.isEmpty() && now - sent.peekFirst() >= minute) {
      sent.pollFirst();
    }
    if (sent.size() >= perMinute) {
      return false;
    }
    sent.addLast(now);
    return true;
  }

  private void attempt(byte[] body, int attempt) {
    if (post(body)) {
      posted.increment();
      return;
    }
    if (attempt >= retries) {
      counters.drop(Drop.webhookFailed, 1);
      LOG.warning("Livelog: the alert webhook failed " + (attempt + 1) + " times; alert dropped");
      return;
    }
    long wait = backoffMillis << Math.min(attempt, 20);
    scheduler.schedule(() -> attempt(body, attempt + 1), wait, TimeUnit.MILLISECONDS);
  }

  private boolean post(byte[] body) {
    try {
      HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
      connection.setConnectTimeout(5000);
      connection.setReadTimeout(5000);
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setRequestProperty("Content-Type", "application/json");
      connection.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body);
      }
      int status = connection.getResponseCode();
      try (InputStream in =
          status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
        if (in != null) {
          in.readAllBytes();
        }
      }
      return status >= 200 && status < 300;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  static String payload(Alert alert) {
    JsonObjectBuilder json =
        JSON.createObjectBuilder()
            .add(
                "text",
                "Livelog alert "
                    + alert.rule()
                    + ": "
                    + alert.count()
                    + " events within "
                    + alert.windowSeconds()
                    + " s ("
                    + alert.description()
                    + "), ids "
                    + alert.firstId()
                    + " to "
                    + alert.lastId()
                    + (alert.node() == null ? "" : " on " + alert.node()))
            .add("rule", alert.rule())
            .add("count", alert.count())
            .add("windowSeconds", alert.windowSeconds())
            .add("firstId", alert.firstId())
            .add("lastId", alert.lastId())
            .add("ts", alert.ts());
    if (alert.node() != null) {
      json.add("node", alert.node());
    }
    return json.build().toString();
  }
}
