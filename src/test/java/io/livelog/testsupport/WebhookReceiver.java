package io.livelog.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * A webhook on 127.0.0.1 that records every alert POSTed to it. By the rule's name: {@code flaky}
 * gets 500 on its first attempt, {@code failing} on every attempt, the others 204.
 */
public final class WebhookReceiver {

  private final List<JsonObject> accepted = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private HttpServer server;

  public synchronized void start() throws IOException {
    if (server != null) {
      return;
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hook", this::handle);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonObject alert =
          Api.object(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String rule = alert.getString("rule");
      int attempt = attempts.computeIfAbsent(rule, r -> new AtomicInteger()).incrementAndGet();
      boolean fail = rule.equals("failing") || rule.equals("flaky") && attempt == 1;
      if (!fail) {
        accepted.add(alert);
      }
      exchange.sendResponseHeaders(fail ? 500 : 204, -1);
    }
  }

  /** The first accepted alert of that rule, waiting up to 30 s. */
  public JsonObject await(String rule) {
    return Awaitility.await()
        .atMost(30, TimeUnit.SECONDS)
        .until(
            () -> accepted.stream().filter(a -> a.getString("rule").equals(rule)).findFirst(),
            java.util.Optional::isPresent)
        .orElseThrow();
  }

  public int attempts(String rule) {
    AtomicInteger n = attempts.get(rule);
    return n == null ? 0 : n.get();
  }

  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }
}
