package io.livelog.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.testsupport.Api;
import io.livelog.testsupport.Deployments;
import io.livelog.testsupport.Postgres;
import io.livelog.testsupport.Servers;
import io.livelog.testsupport.WildFlyServer;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 on WildFly 39 with PostgreSQL (run by {@code -Pwildfly}): README's {@code jboss-cli}
 * commands for a PostgreSQL DataSource, run as written (only the database's address is this test's
 * PostgreSQL, started here on a loopback port), against an empty WildFly of its own; then Livelog
 * deployed. Every acknowledged event is a row of PostgreSQL's {@code livelog_event} (not of an H2
 * file), and after a {@code kill -9} and a restart history holds each of them once under the same
 * id, and ids continue above them.
 */
class WildFlyPostgresIT {

  static final Pattern README_BLOCK =
      Pattern.compile("On WildFly \\(`jboss-cli\\.sh`.*?```\\n(.*?)```", Pattern.DOTALL);
  static final Pattern DRIVER = Pattern.compile("^deploy (\\S+\\.jar)$", Pattern.MULTILINE);

  @Test
  void readmesCommandsPutTheStoreInPostgresql() throws Exception {
    Assumptions.assumeTrue(Servers.wildFly(), "WildFly only (-Pwildfly)");
    String run = UUID.randomUUID().toString().substring(0, 8);
    try (Postgres pg = Postgres.start();
        WildFlyServer server =
            new WildFlyServer(
                null, Integer.getInteger("wildfly.pgPortOffset", WildFlyServer.PG_OFFSET))) {
      Path work = Files.createTempDirectory(Path.of("target"), "wildfly-pg-");
      String commands = readmeCommands(pg, work);
      Path war = work.resolve("livelog.war");
      Deployments.livelog("livelog.capture.server=false", "livelog.history.size=500")
          .as(ZipExporter.class)
          .exportTo(war.toFile(), true);
      server.startEmpty();
      server.cli(work, commands + "deploy " + war.toAbsolutePath() + " --name=livelog.war\n");
      server.awaitLivelog();
      Api api = server.api();

      String prefix = "pg-" + run + "-";
      for (int i = 0; i < 2_000; i += StoreIT.BATCH) {
        var answer =
            api.ingest(StoreIT.batch(prefix, i, StoreIT.BATCH, System.currentTimeMillis()));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
      }
      assertThat(rows(pg, prefix)).as("rows in PostgreSQL").isEqualTo(2_000);
      Map<String, String> idByMessage = StoreChecks.idsByMessage(StoreIT.everything(api), prefix);
      assertThat(idByMessage).hasSize(2_000);

      server.kill();
      server.start();

      List<JsonObject> after = StoreIT.everything(api);
      assertThat(StoreChecks.idsByMessage(after, prefix))
          .as("every event once, under the same id")
          .isEqualTo(idByMessage);
      long newest =
          after.stream().mapToLong(e -> Long.parseLong(e.getString("id"))).max().orElseThrow();
      StoreChecks.idsContinueAbove(api, "x-" + run, newest);
    }
  }

  /**
   * README's WildFly block with the example database's address replaced by this PostgreSQL's, and
   * the driver jar it deploys copied into {@code work} under the name README gives it.
   */
  static String readmeCommands(Postgres pg, Path work) throws Exception {
    Path readme = Path.of(System.getProperty("livelog.basedir", "."), "README.md");
    Matcher block = README_BLOCK.matcher(Files.readString(readme));
    assertThat(block.find()).as("README's WildFly PostgreSQL block").isTrue();
    String commands = block.group(1);
    Matcher driver = DRIVER.matcher(commands);
    assertThat(driver.find()).as("README deploys the driver jar").isTrue();
    Files.copy(
        Path.of(System.getProperty("livelog.postgresJdbc", "target/postgresql.jar")),
        work.resolve(driver.group(1)));
    URI database = URI.create(pg.url().substring("jdbc:".length()));
    assertThat(commands).contains("db.example.org:5432/livelog");
    return commands.replace(
        "db.example.org:5432/livelog",
        database.getHost() + ":" + database.getPort() + database.getPath());
  }

  private static long rows(Postgres pg, String prefix) throws Exception {
    try (Connection c = DriverManager.getConnection(pg.url());
        PreparedStatement p =
            c.prepareStatement("SELECT COUNT(*) FROM livelog_event WHERE json LIKE ?")) {
      p.setString(1, "%" + prefix + "%");
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }
}
