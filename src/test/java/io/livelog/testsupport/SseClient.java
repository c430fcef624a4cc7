package io.livelog.testsupport;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A test subscriber: reads {@code GET /api/stream} on its own thread through {@link
 * WhatwgSseParser} and keeps every event, and every log event unpacked from the {@code logs}
 * batches, with its arrival time.
 */
public final class SseClient implements AutoCloseable {

  /** One log event as received, with the nanoTime and wall time of its arrival. */
  public record Received(JsonObject event, long arrivedNanos, long arrivedMillis) {
    public long id() {
      return Long.parseLong(event.getString("id"));
    }
  }

  private final HttpResponse<InputStream> response;
  private final List<WhatwgSseParser.Event> events = new CopyOnWriteArrayList<>();
  private final List<Received> logs = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile boolean ended;
  private volatile WhatwgSseParser parser;

  private SseClient(HttpResponse<InputStream> response) {
    this.response = response;
    this.parser = new WhatwgSseParser(this::onEvent);
    this.reader = new Thread(this::read, "sse-client");
    this.reader.setDaemon(true);
    this.reader.start();
  }

  /** Opens a stream; {@code query} like {@code "?level=WARN"}; headers as name, value pairs. */
  public static SseClient open(Api api, String query, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(api.uri("api/stream" + query))
            .header("Accept", "text/event-stream")
            .header("Authorization", Api.admin());
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.setHeader(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<InputStream> response =
          api.http().send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        String body = new String(response.body().readAllBytes());
        throw new IllegalStateException("stream answered " + response.statusCode() + ": " + body);
      }
      return new SseClient(response);
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private void read() {
    byte[] buffer = new byte[16384];
    try (InputStream in = response.body()) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        parser.feed(buffer, 0, n);
      }
    } catch (java.io.IOException e) {
      // closed
    } finally {
      ended = true;
    }
  }

  private void onEvent(WhatwgSseParser.Event event) {
    long nanos = System.nanoTime();
    long millis = System.currentTimeMillis();
    events.add(event);
    if ("logs".equals(event.type())) {
      for (JsonValue value : Api.array(event.data())) {
        logs.add(new Received(value.asJsonObject(), nanos, millis));
      }
    }
  }

  public HttpResponse<InputStream> response() {
    return response;
  }

  public Map<String, List<String>> headers() {
    return response.headers().map();
  }

  public List<WhatwgSseParser.Event> events() {
    return events;
  }

  public List<WhatwgSseParser.Event> events(String type) {
    return events.stream().filter(e -> e.type().equals(type)).toList();
  }

  public List<Received> logs() {
    return logs;
  }

  public List<String> comments() {
    return new ArrayList<>(parser.comments());
  }

  public Long retry() {
    return parser.retry();
  }

  public boolean ended() {
    return ended;
  }

  /** Waits until a received log event matches, and returns it. */
  public Received awaitLog(Predicate<JsonObject> match, Duration timeout) {
    Awaitility.await()
        .atMost(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .pollInterval(5, TimeUnit.MILLISECONDS)
        .until(() -> logs.stream().anyMatch(r -> match.test(r.event())));
    return logs.stream().filter(r -> match.test(r.event())).findFirst().orElseThrow();
  }

  public Received awaitMessage(String message) {
    return awaitLog(e -> message.equals(e.getString("message", null)), Duration.ofSeconds(20));
  }

  public WhatwgSseParser.Event awaitEvent(String type, Duration timeout) {
    Awaitility.await()
        .atMost(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .pollInterval(5, TimeUnit.MILLISECONDS)
        .until(() -> !events(type).isEmpty());
    return events(type).get(0);
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (java.io.IOException ignored) {
      // already closed
    }
    reader.interrupt();
  }
}
