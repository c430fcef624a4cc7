package io.livelog.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livelog.testsupport.Api;
import io.livelog.testsupport.Deployments;
import io.livelog.testsupport.Servers;
import jakarta.json.JsonObject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 18 on WildFly 39 (run by {@code -Pwildfly}): the embedded H2 store in a directory of its
 * own, 3,000 events ingested (each batch answered 202 once committed), then Livelog undeployed and
 * deployed again in the same server. History still holds every event once under the same id, ids
 * continue above the newest stored one, and a stream resuming from an id before the redeploy gets
 * everything after it from the store (the new deployment's memory ring is empty). The Payara Micro
 * container of the default run starts a JVM per deployment on a random port, so there StoreIT (kill
 * -9 and restart) and RedeployIT cover the same ground; a kill -9 on WildFly is {@link
 * WildFlyCrashIT}'s, on a WildFly of its own (not the one Arquillian manages for the suite).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WildFlyStoreIT {

  static final String NAME = "store";

  @Deployment(name = NAME, managed = false, testable = false)
  static WebArchive deployment() {
    return Deployments.livelog("livelog.capture.server=false", "livelog.history.size=1000");
  }

  @ArquillianResource Deployer deployer;

  @Test
  void historyAndIdsSurviveARedeployOnWildFly() throws Exception {
    Assumptions.assumeTrue(Servers.wildFly(), "WildFly only (-Pwildfly)");
    int port = 8080 + Integer.getInteger("wildfly.portOffset", 0);
    Api api = new Api(new URL("http://127.0.0.1:" + port + "/livelog/"));
    String run = UUID.randomUUID().toString().substring(0, 8);
    deployer.deploy(NAME);
    try {
      awaitUp(api);
      String prefix = "w-" + run + "-";
      for (int i = 0; i < 3_000; i += StoreIT.BATCH) {
        var answer =
            api.ingest(StoreIT.batch(prefix, i, StoreIT.BATCH, System.currentTimeMillis()));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
      }
      Map<String, String> idByMessage = StoreChecks.idsByMessage(StoreIT.everything(api), prefix);
      assertThat(idByMessage).hasSize(3_000);
      assertThat(api.stats().getJsonNumber("storeEvents").longValue()).isEqualTo(3_000);

      deployer.undeploy(NAME);
      deployer.deploy(NAME);
      awaitUp(api);

      List<JsonObject> after = StoreIT.everything(api);
      assertThat(StoreChecks.idsByMessage(after, prefix))
          .as("every event once, under the same id")
          .isEqualTo(idByMessage);
      List<Long> all = after.stream().map(e -> Long.parseLong(e.getString("id"))).toList();
      assertThat(all).isSorted().doesNotHaveDuplicates();
      long newest = all.get(all.size() - 1);
      StoreChecks.idsContinueAbove(api, "x-" + run, newest);

      // a stream resuming from the middle of the first deployment's events: replayed from disk
      long resumeFrom = all.get(1_499);
      List<Long> expected = all.stream().filter(id -> id > resumeFrom).toList();
      assertThat(StoreChecks.resumeReplays(api, Long.toString(resumeFrom), expected)).isEmpty();
    } finally {
      deployer.undeploy(NAME);
    }
  }

  private static void awaitUp(Api api) {
    await("Livelog deployed")
        .atMost(120, TimeUnit.SECONDS)
        .pollInterval(250, TimeUnit.MILLISECONDS)
        .ignoreExceptions()
        .until(() -> api.get("api/stats", Api.admin()).statusCode() == 200);
  }
}
