package io.livelog.dashboard;

import io.livelog.testsupport.Api;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/** Builds log events and posts them through {@code POST /api/logs} in batches, retrying 503. */
final class Feed {

  private final Api api;

  Feed(Api api) {
    this.api = api;
  }

  static JsonObjectBuilder event(String level, String source, String logger, String message) {
    return Json.createObjectBuilder()
        .add("level", level)
        .add("source", source)
        .add("logger", logger)
        .add("message", message);
  }

  static JsonObject event(String level, String source, String message) {
    return event(level, source, "com.acme.orders.OrderService", message).build();
  }

  /** Posts the events in order, in batches of at most 1,000; fails after 60 s of refusals. */
  void post(List<JsonObject> events) {
    for (int from = 0; from < events.size(); from += 1000) {
      JsonArrayBuilder batch = Json.createArrayBuilder();
      for (JsonObject event : events.subList(from, Math.min(events.size(), from + 1000))) {
        batch.add(event);
      }
      postBatch(batch.build().toString());
    }
  }

  void post(JsonObject... events) {
    post(List.of(events));
  }

  private void postBatch(String json) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      HttpResponse<String> response = api.ingest(json);
      if (response.statusCode() == 202) {
        return;
      }
      if (response.statusCode() != 503 || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "ingest answered " + response.statusCode() + ": " + response.body());
      }
      LockSupport.parkNanos(50_000_000L); // the queue is full: back off a little
    }
  }

  static Map<String, Object> map(Object... keyValues) {
    java.util.LinkedHashMap<String, Object> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }
}
