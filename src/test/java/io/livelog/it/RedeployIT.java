package io.livelog.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livelog.redeploy.Server;
import io.livelog.testsupport.Api;
import io.livelog.testsupport.Deployments;
import io.livelog.testsupport.RawStream;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 3, redeploy: Livelog undeployed and deployed again three times in one Payara Micro (not
 * Arquillian's, which starts a JVM per deployment, but a {@link io.livelog.redeploy.Launcher} in
 * its own JVM driven over stdin). After each undeploy no Livelog log handler, timer or thread is
 * left in the JVM and open streams were ended cleanly; after each deploy there is exactly one of
 * each, history (the store, closed at undeploy and opened again) still holds the previous
 * deployment's events, and a client resuming with its old {@code Last-Event-ID} reconnects to the
 * new deployment, gets what followed its id without a gap (ids continue above it) and live events.
 */
class RedeployIT {

  static Server server;
  static File war;

  @BeforeAll
  static void start() throws Exception {
    File basedir = new File(System.getProperty("livelog.basedir", "."));
    war = new File(basedir, "target/redeploy/livelog.war");
    war.getParentFile().mkdirs();
    Deployments.livelog().as(ZipExporter.class).exportTo(war, true);
    server = Server.start(basedir);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  JsonObject awaitFacts(Predicate<JsonObject> condition) {
    AtomicReference<JsonObject> last = new AtomicReference<>();
    await()
        .atMost(20, TimeUnit.SECONDS)
        .pollInterval(500, TimeUnit.MILLISECONDS)
        .until(
            () -> {
              last.set(server.facts());
              return condition.test(last.get());
            });
    return last.get();
  }

  static boolean deployedOnce(JsonObject facts) {
    return facts.getInt("handlers") == 1
        && facts.getInt("timers") == 1
        && facts.getJsonArray("apps").size() == 1;
  }

  static boolean nothingLeft(JsonObject facts) {
    return facts.getInt("handlers") == 0
        && facts.getInt("timers") == 0
        && facts.getJsonArray("livelogThreads").isEmpty()
        && facts.getJsonArray("apps").isEmpty();
  }

  @Test
  void threeRedeploysLeaveNoHandlersTimersOrThreadsAndStreamsMoveOver() throws Exception {
    Api api = new Api(new URL("http://127.0.0.1:" + server.port() + "/livelog/"));
    JsonObject empty = server.facts();
    assertThat(nothingLeft(empty)).as(empty.toString()).isTrue();
    server.deploy(war);
    JsonObject first = awaitFacts(RedeployIT::deployedOnce);
    List<JsonObject> afterUndeploy = new ArrayList<>();
    List<JsonObject> afterDeploy = new ArrayList<>();
    afterDeploy.add(first);
    String lastId = null;
    String lastTag = null;
    for (int cycle = 1; cycle <= 3; cycle++) {
      String tag = "cycle " + cycle + " " + UUID.randomUUID();
      long resumedFrom = lastId == null ? 0 : Long.parseLong(lastId);
      try (RawStream all = open(api, "api/stream", lastId);
          RawStream filtered = open(api, "api/stream?level=INFO&q=" + tag.split(" ")[2], null)) {
        if (lastId != null) {
          // the store kept history over the redeploy: the previous cycle's event is still there
          assertThat(api.history("?q=" + lastTag.split(" ")[2]))
              .extracting(v -> v.asJsonObject().getString("message"))
              .containsExactly(lastTag);
        }
        api.fire(tag);
        for (RawStream s : List.of(all, filtered)) {
          assertThat(
                  s.readUntil(
                      () -> s.logs().stream().anyMatch(e -> tag.equals(e.getString("message"))),
                      Duration.ofSeconds(20)))
              .as("%s reached a stream", tag)
              .isTrue();
        }
        if (lastId != null) {
          // a client resuming from the previous deployment gets what followed its id, from the
          // store, in order and without a gap; the new deployment's ids continue above it
          assertThat(all.events("gap")).isEmpty();
          List<Long> ids = all.logs().stream().map(e -> Long.parseLong(e.getString("id"))).toList();
          assertThat(ids).isSorted().doesNotHaveDuplicates().allMatch(id -> id > resumedFrom);
        }
        lastId = all.logs().get(all.logs().size() - 1).getString("id");
        lastTag = tag;
        afterDeploy.set(afterDeploy.size() - 1, awaitFacts(RedeployIT::deployedOnce));

        server.undeploy();
        for (RawStream s : List.of(all, filtered)) {
          s.readUntil(() -> false, Duration.ofSeconds(15));
          assertThat(s.ended()).as("stream ended at undeploy").isTrue();
          assertThat(s.endedCleanly()).as("stream ended with its last chunk").isTrue();
        }
      }
      afterUndeploy.add(awaitFacts(RedeployIT::nothingLeft));
      assertThat(api.get("api/stats", Api.admin()).statusCode()).isEqualTo(404);
      server.deploy(war);
      afterDeploy.add(awaitFacts(RedeployIT::deployedOnce));
    }
    for (int i = 0; i < afterDeploy.size(); i++) {
      JsonObject d = afterDeploy.get(i);
      System.out.printf(
          "redeploy: deployment %d: handlers %d, timers %d, threads %d (livelog %s), heap after GC"
              + " %d MB%s%n",
          i + 1,
          d.getInt("handlers"),
          d.getInt("timers"),
          d.getInt("allThreads"),
          d.getJsonArray("livelogThreads"),
          d.getJsonNumber("heapAfterGc").longValue() >> 20,
          i < afterUndeploy.size()
              ? String.format(
                  "; after undeploy: handlers %d, timers %d, threads %d (%d not HTTP), livelog"
                      + " threads %d, heap %d MB",
                  afterUndeploy.get(i).getInt("handlers"),
                  afterUndeploy.get(i).getInt("timers"),
                  afterUndeploy.get(i).getInt("allThreads"),
                  afterUndeploy.get(i).getInt("nonHttpThreads"),
                  afterUndeploy.get(i).getJsonArray("livelogThreads").size(),
                  afterUndeploy.get(i).getJsonNumber("heapAfterGc").longValue() >> 20)
              : "");
    }
    // Livelog's own threads are all gone after each undeploy (nothingLeft); the JVM's other
    // threads may only grow inside Payara's own pools, which warm up over the first deployments
    List<String> before = names(afterUndeploy.get(0));
    List<String> after = names(afterUndeploy.get(afterUndeploy.size() - 1));
    List<String> added = new ArrayList<>(after);
    before.forEach(added::remove);
    System.out.printf(
        "redeploy: threads (not HTTP) after the 3rd undeploy that were not there after the 1st:"
            + " %s%n",
        added);
    assertThat(added)
        .allMatch(
            name ->
                name.startsWith("__ejb-thread-pool")
                    || name.startsWith("Executor-Service-")
                    || name.startsWith("payara-executor-service")
                    || name.startsWith("hz.")
                    || name.startsWith("concurrent/__default")
                    || name.equals("GF Domain XML"),
            "a thread of one of Payara's own pools");
    // the heap after each undeploy is printed above, not asserted: a correctness test checks what
    // is left (handlers, timers, threads, applications), a number of bytes belongs to the bench
    // the new deployment serves as the first did
    try (RawStream s = open(api, "api/stream", null)) {
      String tag = "final " + UUID.randomUUID();
      api.fire(tag);
      assertThat(
              s.readUntil(
                  () -> s.logs().stream().anyMatch(e -> tag.equals(e.getString("message"))),
                  Duration.ofSeconds(20)))
          .isTrue();
    }
  }

  private static List<String> names(JsonObject facts) {
    List<String> names = new ArrayList<>();
    facts
        .getJsonArray("nonHttpThreadNames")
        .forEach(v -> names.add(((jakarta.json.JsonString) v).getString()));
    return names;
  }

  private static RawStream open(Api api, String relative, String lastId) {
    RawStream stream =
        lastId == null
            ? RawStream.open(api.base(), relative)
            : RawStream.open(api.base(), relative, "Last-Event-ID", lastId);
    assertThat(stream.status()).isEqualTo(200);
    assertThat(stream.readUntil(() -> stream.retry() != null, Duration.ofSeconds(10))).isTrue();
    return stream;
  }
}
