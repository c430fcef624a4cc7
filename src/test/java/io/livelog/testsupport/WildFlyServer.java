package io.livelog.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * A WildFly of its own, beside the one Arquillian manages for the {@code -Pwildfly} suite: the
 * prepared distribution ({@code jboss.home}, configured by {@code wildfly-config/livelog.cli}) run
 * with a base directory of its own (a copy of {@code standalone/configuration}), bound to 127.0.0.1
 * with its ports moved by {@code offset}, Livelog deployed by the deployment scanner. It can be
 * killed with {@code kill -9} (the JVM, not only the script) and started again on the same base
 * directory, as a crash and a restart of a real server. Without a WAR it starts empty, for a test
 * that configures it with {@link #cli} first, as an admin would.
 */
public final class WildFlyServer implements AutoCloseable {

  /**
   * The port offset of {@code WildFlyCrashIT}'s server. Every port a WildFly binds (4712 to 9993
   * plus the offset) stays below Linux's ephemeral range (32768 and up), where any outgoing
   * connection may hold the same port: CI once failed with "Address already in use 127.0.0.1:33990"
   * for the management port of an offset of 24000. Apart from each other and from the Arquillian
   * server's 21000 (25712-30993).
   */
  public static final int OWN_OFFSET = 22000;

  /**
   * The port offset of {@code WildFlyPostgresIT}'s server (27412-32693; see {@link #OWN_OFFSET}).
   */
  public static final int PG_OFFSET = 22700;

  private final Path base;
  private final int offset;
  private Process process;

  public WildFlyServer(WebArchive war, int offset) {
    this.offset = offset;
    try {
      Path home = Path.of(System.getProperty("jboss.home"));
      base =
          Files.createTempDirectory(
              Files.createDirectories(
                  Path.of(System.getProperty("livelog.basedir", "."), "target", "wildfly-own")),
              "base-");
      Path configuration = Files.createDirectories(base.resolve("configuration"));
      try (Stream<Path> files = Files.list(home.resolve("standalone/configuration"))) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          Files.copy(file, configuration.resolve(file.getFileName()));
        }
      }
      Path deployments = Files.createDirectories(base.resolve("deployments"));
      if (war != null) {
        war.as(ZipExporter.class).exportTo(deployments.resolve("livelog.war").toFile(), true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Api api() {
    try {
      return new Api(new URL("http://127.0.0.1:" + (8080 + offset) + "/livelog/"));
    } catch (java.net.MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts the server and waits until Livelog answers. */
  public void start() throws IOException {
    launch();
    awaitLivelog();
  }

  /** Waits until Livelog answers on the running server (deployed at boot or later). */
  public void awaitLivelog() {
    Api api = api();
    awaitAlive("Livelog on WildFly", () -> api.get("api/stats", Api.admin()).statusCode() == 200);
  }

  /**
   * Starts the server and waits until it answers HTTP at all (with or without Livelog) and its
   * management port, which {@link #cli} connects to, takes connections (it may open after HTTP).
   */
  public void startEmpty() throws IOException {
    launch();
    HttpClient client = HttpClient.newHttpClient();
    URI root = URI.create("http://127.0.0.1:" + (8080 + offset) + "/");
    awaitAlive(
        "WildFly",
        () ->
            client
                    .send(HttpRequest.newBuilder(root).build(), BodyHandlers.discarding())
                    .statusCode()
                > 0);
    awaitAlive(
        "WildFly's management port",
        () -> {
          new Socket("127.0.0.1", 9990 + offset).close();
          return true;
        });
  }

  private void awaitAlive(String what, Callable<Boolean> up) {
    await(what + " (" + base.resolve("console.log") + ")")
        .atMost(180, TimeUnit.SECONDS)
        .pollInterval(250, TimeUnit.MILLISECONDS)
        .ignoreExceptions()
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError("WildFly exited; see " + base.resolve("console.log"));
              }
              return up.call();
            });
  }

  /**
   * Runs {@code commands} through {@code jboss-cli.sh --connect} against this server, in {@code
   * directory} (relative paths in the commands are read from there); its output goes to {@code
   * cli.log} in the base directory. Fails unless every command succeeded.
   */
  public void cli(Path directory, String commands) throws IOException, InterruptedException {
    Path home = Path.of(System.getProperty("jboss.home"));
    Path file = Files.writeString(base.resolve("commands.cli"), commands);
    Path log = base.resolve("cli.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                home.resolve("bin/jboss-cli.sh").toString(),
                "--connect",
                "--controller=127.0.0.1:" + (9990 + offset),
                "--file=" + file)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("JBOSS_HOME", home.toString());
    Process cli = builder.start();
    if (!cli.waitFor(180, TimeUnit.SECONDS)) {
      cli.destroyForcibly();
      throw new AssertionError("jboss-cli did not finish; see " + log);
    }
    if (cli.exitValue() != 0) {
      throw new AssertionError(
          "jboss-cli failed (" + cli.exitValue() + "):\n" + Files.readString(log));
    }
  }

  private void launch() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("this WildFly is running already");
    }
    Path home = Path.of(System.getProperty("jboss.home"));
    process =
        new ProcessBuilder(
                List.of(
                    home.resolve("bin/standalone.sh").toString(),
                    "-Djboss.server.base.dir=" + base,
                    "-Djboss.socket.binding.port-offset=" + offset,
                    "-Dlivelog.management.port=" + (9990 + offset),
                    "-b",
                    "127.0.0.1",
                    "-bmanagement",
                    "127.0.0.1"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("console.log").toFile()))
            .start();
  }

  /** {@code kill -9} of the server's JVM and its script; returns once they are gone. */
  public void kill() throws InterruptedException {
    if (process == null) {
      return;
    }
    List<ProcessHandle> all =
        Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle handle : all) {
      try {
        handle.onExit().get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("WildFly did not die", e);
      }
    }
    process = null;
  }

  /** The server's log of its last run. */
  public Path log() {
    return base.resolve("log/server.log");
  }

  @Override
  public void close() throws IOException {
    try {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // keep the console log beside the other test logs; the rest goes
    Path console = base.resolve("console.log");
    if (Files.exists(console)) {
      Files.copy(
          console,
          base.getParent().resolve(base.getFileName() + "-console.log"),
          StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
