package io.livelog.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.testsupport.Api;
import io.livelog.testsupport.RawStream;
import io.livelog.testsupport.WhatwgSseParser;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the store's crash and redeploy tests share: a flood that runs until the server is gone,
 * remembering each event answered 202, and a resume whose replay must be exactly the events after
 * its id.
 */
final class StoreChecks {

  private StoreChecks() {}

  /** Batches of {@link StoreIT#BATCH} events named {@code prefix + n}, posted until stopped. */
  static final class Flood {

    private final AtomicBoolean flooding = new AtomicBoolean(true);
    private final Thread thread;

    Flood(Api api, String prefix, Set<String> acknowledged) {
      thread =
          new Thread(
              () -> {
                for (int i = 0; flooding.get(); i += StoreIT.BATCH) {
                  try {
                    HttpResponse<String> answer =
                        api.ingest(
                            StoreIT.batch(prefix, i, StoreIT.BATCH, System.currentTimeMillis()));
                    if (answer.statusCode() == 202) {
                      for (int j = i; j < i + StoreIT.BATCH; j++) {
                        acknowledged.add(prefix + j);
                      }
                    }
                  } catch (RuntimeException e) {
                    return; // the server is gone
                  }
                }
              },
              "store-flood");
      thread.start();
    }

    /** Stops posting and waits for the last answer (or the failure of a killed server). */
    void stop() throws InterruptedException {
      flooding.set(false);
      thread.join(TimeUnit.SECONDS.toMillis(60));
    }
  }

  /**
   * A stream resuming after {@code resumeFrom} replays exactly {@code expected} first; returns the
   * {@code gap} events it sent meanwhile.
   */
  static List<WhatwgSseParser.Event> resumeReplays(
      Api api, String resumeFrom, List<Long> expected) {
    try (RawStream stream = RawStream.open(api.base(), "api/stream", "Last-Event-ID", resumeFrom)) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(
              stream.readUntil(() -> stream.received() >= expected.size(), Duration.ofSeconds(60)))
          .as("replayed %d of %d", stream.received(), expected.size())
          .isTrue();
      assertThat(
              stream.logs().stream()
                  .map(e -> Long.parseLong(e.getString("id")))
                  .limit(expected.size())
                  .toList())
          .isEqualTo(expected);
      return List.copyOf(stream.events("gap"));
    }
  }

  /** The ids of the events whose message starts with {@code prefix}, by message; each only once. */
  static Map<String, String> idsByMessage(List<JsonObject> events, String prefix) {
    Map<String, String> ids = new HashMap<>();
    for (JsonObject event : events) {
      String message = event.getString("message");
      if (message.startsWith(prefix)) {
        assertThat(ids.put(message, event.getString("id"))).as("once: " + message).isNull();
      }
    }
    return ids;
  }

  /**
   * One event ingested now (its message starts with {@code marker}) gets an id above {@code
   * newest}.
   */
  static void idsContinueAbove(Api api, String marker, long newest) {
    assertThat(
            api.ingest(StoreIT.batch(marker + "-", 0, 1, System.currentTimeMillis())).statusCode())
        .isEqualTo(202);
    String fresh = api.history("?limit=1&q=" + marker).getJsonObject(0).getString("id");
    assertThat(Long.parseLong(fresh))
        .as("ids continue above the stored ones")
        .isGreaterThan(newest);
  }
}
