package io.livelog.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livelog.testsupport.Api;
import io.livelog.testsupport.Deployments;
import io.livelog.testsupport.Servers;
import io.livelog.testsupport.WildFlyServer;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's crash test on WildFly 39 (run by {@code -Pwildfly}): a WildFly of its own ({@link
 * WildFlyServer}) with Livelog's embedded H2 store, 10,000 events ingested, then a second flood
 * during which the server's JVM is killed with {@code kill -9}. After a restart on the same
 * directories every event answered 202 is in history exactly once, ids keep increasing, and a
 * stream resuming from an id before the crash gets everything after it from the store.
 */
class WildFlyCrashIT {

  private static final int BATCH = StoreIT.BATCH;

  @Test
  void acknowledgedEventsSurviveKillNineOnWildFly() throws Exception {
    Assumptions.assumeTrue(Servers.wildFly(), "WildFly only (-Pwildfly)");
    String run = UUID.randomUUID().toString().substring(0, 8);
    try (WildFlyServer server =
        new WildFlyServer(
            Deployments.livelog("livelog.capture.server=false", "livelog.history.size=2000"),
            Integer.getInteger("wildfly.ownPortOffset", WildFlyServer.OWN_OFFSET))) {
      server.start();
      Api api = server.api();
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      String first = "a-" + run + "-";
      for (int i = 0; i < 10_000; i += BATCH) {
        HttpResponse<String> answer =
            api.ingest(StoreIT.batch(first, i, BATCH, System.currentTimeMillis()));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        for (int j = i; j < i + BATCH; j++) {
          acknowledged.add(first + j);
        }
      }
      List<JsonObject> beforeCrash = StoreIT.everything(api);
      assertThat(beforeCrash).hasSize(10_000);
      String resumeFrom = beforeCrash.get(4_999).getString("id");

      String second = "b-" + run + "-";
      StoreChecks.Flood flood = new StoreChecks.Flood(api, second, acknowledged);
      await("flood 2 under way")
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> acknowledged.size() >= 10_000 + 3 * BATCH);
      server.kill();
      flood.stop();
      Set<String> answered = new HashSet<>(acknowledged);

      server.start();
      List<JsonObject> afterCrash = StoreIT.everything(api);
      Map<String, Integer> seen = new HashMap<>();
      List<Long> ids = new ArrayList<>();
      for (JsonObject event : afterCrash) {
        seen.merge(event.getString("message"), 1, Integer::sum);
        ids.add(Long.parseLong(event.getString("id")));
      }
      assertThat(answered).allMatch(seen::containsKey, "acknowledged and still in history");
      assertThat(seen.values()).allMatch(n -> n == 1, "each event once");
      assertThat(ids).isSorted().doesNotHaveDuplicates();
      long newest = Collections.max(ids);

      StoreChecks.idsContinueAbove(api, "c-" + run, newest);

      List<Long> expected = ids.stream().filter(id -> id > Long.parseLong(resumeFrom)).toList();
      StoreChecks.resumeReplays(api, resumeFrom, expected);
    }
  }
}
