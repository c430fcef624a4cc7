package io.livelog.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The in-server publisher: {@code POST /api/bench/feed} (the bench's {@code PacedFeed}) fires CDI
 * events at a steady rate inside the server, so Livelog and the {@code SseBroadcaster} baseline see
 * the same events, one by one as log records arrive, and no HTTP ingest stands in the way. Started
 * in the background; {@link #await} gives its answer.
 */
final class Feed {

  /** Threads that share the feed's schedule in the server ({@code -Dbench.feedThreads=}, 2). */
  static final int THREADS = Integer.getInteger("bench.feedThreads", 2);

  private final CompletableFuture<String> answer;
  private final int seconds;
  private JsonObject result;

  private Feed(CompletableFuture<String> answer, int seconds) {
    this.answer = answer;
    this.seconds = seconds;
  }

  static Feed start(BenchServer server, int rate, int seconds, int bytes) {
    String query =
        String.format(
            Locale.ROOT,
            "api/bench/feed?rate=%d&seconds=%d&bytes=%d&threads=%d",
            rate,
            seconds,
            bytes,
            THREADS);
    return new Feed(
        CompletableFuture.supplyAsync(
            () -> {
              try {
                var response = server.post(query);
                if (response.statusCode() != 200) {
                  throw new IllegalStateException(
                      "feed answered " + response.statusCode() + ": " + response.body());
                }
                return response.body();
              } catch (Exception e) {
                throw new IllegalStateException("feed", e);
              }
            }),
        seconds);
  }

  /** Waits (bounded) for the feed to end; its answer, or an empty object when it failed. */
  JsonObject await() {
    if (result == null) {
      try {
        result =
            Json.createReader(new StringReader(answer.get(seconds + 120L, TimeUnit.SECONDS)))
                .readObject();
      } catch (Exception e) {
        Bench.progress("feed: " + e);
        result = Json.createObjectBuilder().build();
      }
    }
    return result;
  }

  /** Events fired per second over the feed's run. */
  double firedPerSecond() {
    JsonObject r = await();
    return r.containsKey("fired")
        ? r.getJsonNumber("fired").longValue()
            / Math.max(0.001, r.getJsonNumber("elapsedMillis").longValue() / 1000.0)
        : 0;
  }

  /** Whether the feed kept its schedule, for the notes. */
  String pace() {
    JsonObject r = await();
    if (!r.containsKey("fired")) {
      return "feed failed";
    }
    return String.format(
        Locale.ROOT,
        "feed: %d fired in %.1f s, max %d ms behind schedule, %d events over 10 ms late",
        r.getJsonNumber("fired").longValue(),
        r.getJsonNumber("elapsedMillis").longValue() / 1000.0,
        r.getJsonNumber("maxLagMillis").longValue(),
        r.getJsonNumber("lateOver10ms").longValue());
  }
}
