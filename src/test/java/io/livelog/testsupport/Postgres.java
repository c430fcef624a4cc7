package io.livelog.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's PostgreSQL started by a test: a cluster in a temporary directory owned by the {@code
 * postgres} user (PostgreSQL refuses to run as root, so as root every command goes through {@code
 * runuser -u postgres}), trust authentication for the superuser {@code livelog}, listening on
 * 127.0.0.1 only at a free port. Without the package the test is skipped, or fails when tools are
 * required ({@link Tools#INITDB}).
 */
public final class Postgres implements AutoCloseable {

  public final int port;
  private final Path dir;
  private final Path bin;

  private Postgres(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
  }

  public static Postgres start() throws IOException, InterruptedException {
    Path initdb = Tools.require(Tools.INITDB);
    Path dir = Files.createTempDirectory("livelog-pg");
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Postgres pg = new Postgres(initdb.getParent(), dir, port);
    if (root()) {
      run(List.of("chown", "postgres:postgres", dir.toString()));
    }
    pg.asPostgres("initdb", "-D", dir.resolve("data").toString(), "-A", "trust", "-U", "livelog");
    pg.asPostgres(
        "pg_ctl",
        "-D",
        dir.resolve("data").toString(),
        "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1",
        "-l",
        dir.resolve("log").toString(),
        "-w",
        "start");
    return pg;
  }

  /** The JDBC URL of the {@code postgres} database, user {@code livelog}. */
  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=livelog";
  }

  /**
   * The Payara Micro options that give a server the DataSource {@code jndiName} on this PostgreSQL:
   * the JDBC driver ({@code -Dlivelog.postgresJdbc}, else {@code target/postgresql.jar}) and the
   * post-boot commands of {@link #asadminFile}.
   */
  public String[] payaraOptions(String jndiName) throws IOException {
    return new String[] {
      "--addlibs",
      System.getProperty("livelog.postgresJdbc", "target/postgresql.jar"),
      "--postbootcommandfile",
      asadminFile(jndiName).toString()
    };
  }

  /**
   * An asadmin command file that creates the JDBC resource {@code jndiName} for this server (with a
   * password property: Payara's pool insists on one, the trust authentication ignores it) (Payara
   * Micro runs it with {@code --postbootcommandfile}).
   */
  public Path asadminFile(String jndiName) throws IOException {
    Path file = Files.createTempFile("livelog-pg", ".asadmin");
    Files.writeString(
        file,
        "create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource"
            + " --restype javax.sql.DataSource --property user=livelog:password=trusted:serverName=127.0.0.1:"
            + "portNumber="
            + port
            + ":databaseName=postgres:reWriteBatchedInserts=true livelog-pg\n"
            + "create-jdbc-resource --connectionpoolid livelog-pg "
            + jndiName
            + "\n");
    return file;
  }

  private void asPostgres(String program, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (root()) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(List.of(args));
    run(command);
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    File out = Files.createTempFile("livelog-pg", ".out").toFile();
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(out))
            .start();
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException(command + " failed: " + Files.readString(out.toPath()));
    }
  }

  @Override
  public void close() throws IOException {
    try {
      asPostgres("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "stop");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
