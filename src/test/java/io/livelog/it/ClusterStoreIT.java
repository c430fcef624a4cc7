package io.livelog.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.testsupport.ClusterNodes;
import io.livelog.testsupport.Postgres;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 on a cluster: three Payara Micro nodes (the test) in one grid sharing one
 * PostgreSQL (Debian's server started by the test, skipped loudly without it) through a JNDI
 * DataSource. Each node ingests its own events; every node's history, read from the shared store
 * (the memory rings hold only 100 events), is the same list with every event once, and each node
 * stored exactly the events it appended (its {@code storeEvents}), not the others', each batch
 * committed before its {@code 202} (the default {@code livelog.store.ack=commit}). Then a node is
 * killed ({@code kill -9}) and started again: what it acknowledged is still there, each once (the
 * PostgreSQL store surviving a crash, which StoreIT checks on H2).
 */
class ClusterStoreIT {

  static final int NODES = 3;
  static final int PER_NODE = 300;

  final String run = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void nodesSharingPostgresqlStoreEachEventOnce() throws Exception {
    try (Postgres pg = Postgres.start()) {
      ClusterNodes nodes =
          new ClusterNodes(NODES, true, "livelog.capture.server=false", "livelog.history.size=100")
              .withProperty("livelog.store.datasource", "jdbc/livelog")
              .withOptions(pg.payaraOptions("jdbc/livelog"));
      try {
        nodes.beforeAll(null);
        slowCommits(pg);
        String prefix = "cs-" + run + "-";
        for (ClusterNodes.Node node : nodes.nodes()) {
          for (int i = 0; i < PER_NODE; i += 100) {
            var answer =
                node.api()
                    .ingest(
                        StoreIT.batch(
                            prefix + node.name + "-", i, 100, System.currentTimeMillis()));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            // ack=commit on a cluster too: a 202 comes once this node committed the batch
            assertThat(node.api().stats().getJsonNumber("storeEvents").longValue())
                .as("rows " + node.name + " committed when its 202 came")
                .isGreaterThanOrEqualTo(i + 100L);
          }
        }
        // a shipper's events that name another live node are stored by that node: the 202 still
        // comes only once every one of them is in the database
        ClusterNodes.Node other = nodes.node(1);
        String forwarded = "fw-" + run + "-";
        var answer =
            nodes
                .node(0)
                .api()
                .ingest(
                    StoreIT.batch(forwarded, 0, 100, System.currentTimeMillis())
                        .replace("\"service\"", "\"node\":\"" + other.name + "\",\"service\""));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(rowsWith(pg, forwarded))
            .as("rows in the database when the 202 came")
            .isEqualTo(100);
        List<String> first = null;
        for (ClusterNodes.Node node : nodes.nodes()) {
          List<String> history =
              StoreIT.everything(node.api()).stream()
                  .filter(e -> e.getString("message").startsWith(prefix))
                  .map(e -> e.getString("id") + " " + e.getString("message"))
                  .toList();
          assertThat(history).as("history on " + node.name).hasSize(NODES * PER_NODE);
          assertThat(history.stream().distinct().count()).isEqualTo((long) NODES * PER_NODE);
          if (first == null) {
            first = history;
          } else {
            assertThat(history).as("the same rows on every node").isEqualTo(first);
          }
          JsonObject stats = node.api().stats();
          assertThat(stats.getJsonNumber("storeEvents").longValue())
              .as("rows " + node.name + " inserted")
              .isEqualTo(PER_NODE + (node == other ? 100 : 0));
        }
        ClusterNodes.Node crashed = nodes.node(0);
        assertThat(Files.readString(crashed.log()))
            .contains("Livelog stores history in DataSource jdbc/livelog")
            .doesNotContain("keeps no events from the grid");
        crashed.kill();
        crashed.start();
        crashed.awaitMembers(NODES);
        List<String> afterCrash =
            StoreIT.everything(crashed.api()).stream()
                .filter(e -> e.getString("message").startsWith(prefix))
                .map(e -> e.getString("id") + " " + e.getString("message"))
                .toList();
        assertThat(afterCrash).as("history after kill -9 and restart").isEqualTo(first);
      } finally {
        nodes.afterAll(null);
      }
    }
  }

  private static long rowsWith(Postgres pg, String prefix) throws Exception {
    try (Connection db = DriverManager.getConnection(pg.url());
        Statement s = db.createStatement();
        var r =
            s.executeQuery(
                "SELECT COUNT(*) FROM livelog_event WHERE json LIKE '%\"message\":\""
                    + prefix
                    + "%'")) {
      r.next();
      return r.getLong(1);
    }
  }

  /**
   * Makes every insert into the event table take 300 ms more (a statement trigger that sleeps), so
   * a {@code 202} that did not wait for its node's commit would come before the rows: the check
   * after each answer would then fail rather than pass by a race the store usually wins.
   */
  private static void slowCommits(Postgres pg) throws Exception {
    try (Connection db = DriverManager.getConnection(pg.url());
        Statement s = db.createStatement()) {
      s.execute(
          "CREATE OR REPLACE FUNCTION livelog_slow_insert() RETURNS trigger AS"
              + " $$ BEGIN PERFORM pg_sleep(0.02); RETURN NULL; END $$ LANGUAGE plpgsql");
      s.execute(
          "CREATE TRIGGER livelog_slow AFTER INSERT ON livelog_event"
              + " FOR EACH STATEMENT EXECUTE FUNCTION livelog_slow_insert()");
    }
  }
}
