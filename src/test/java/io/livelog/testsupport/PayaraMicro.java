package io.livelog.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/**
 * The one way tests and the bench start Payara Micro outside Arquillian: a process on a loopback
 * port with the project's {@code payara-config/}, which can be killed ({@code kill -9}) and started
 * again with the same port, options and store. Options: the WAR, heap and JVM options, system
 * properties (they win over the WAR's settings), the data grid (off with {@code --nohazelcast}
 * unless asked for; then bound to 127.0.0.1), a store directory that survives restarts, the
 * environment, extra Payara Micro options, and instead of {@code -jar} a main class beside Payara
 * (the redeploy test's stdin-driven launcher). Console output goes to {@link #log()}, unless the
 * caller reads it ({@link PayaraMicroOptions#launcher}).
 *
 * <pre>{@code
 * try (PayaraMicro server = PayaraMicro.options("store").war(war).store(dir).start()) {
 *   server.awaitUp(Duration.ofMinutes(4));
 *   server.kill();
 *   server.start();
 * }
 * }</pre>
 */
public final class PayaraMicro implements AutoCloseable {

  private static final Random PORTS = new Random();

  private final PayaraMicroOptions options;
  private final int port;
  private final Map<String, String> properties;
  private Process process;
  private Path root;

  PayaraMicro(PayaraMicroOptions options) throws IOException {
    this.options = options;
    this.port = options.port > 0 ? options.port : freePort();
    this.properties = new LinkedHashMap<>(options.properties);
  }

  /** Options for a server named {@code name} (its log, root and store directories say it). */
  public static PayaraMicroOptions options(String name) {
    return new PayaraMicroOptions(name);
  }

  /** Starts the process (again, after {@link #kill()}): same port, options and store. */
  public void start() throws IOException {
    if (alive()) {
      throw new IllegalStateException(options.name + " is running");
    }
    Files.createDirectories(options.work);
    // Payara Micro unpacks its runtime (about 120 MB) here; removed once the process has ended
    root = Files.createTempDirectory(options.work, options.name + "-root-");
    List<String> cmd = options.command(port, properties, root);
    ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
    builder.environment().putAll(options.env);
    if (options.mainClass == null) {
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
    }
    process = builder.start();
  }

  /** {@code kill -9}, and waits until the process is gone. */
  public void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      removeRoot();
    }
  }

  /** {@code kill -9}, then {@link #start()} again. */
  public void restart() throws IOException, InterruptedException {
    kill();
    start();
  }

  /** A normal stop (SIGTERM), forced after 30 s. */
  public void stop() {
    if (process == null) {
      return;
    }
    if (!process.isAlive()) {
      removeRoot();
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    removeRoot();
  }

  private void removeRoot() {
    if (root == null || process.isAlive()) {
      return;
    }
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: it is under target/
    }
    root = null;
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Waits until {@code ready} holds, failing at once (naming the log) if the process exits first.
   */
  public void await(String what, Duration timeout, BooleanSupplier ready) {
    Awaitility.await(options.name + ": " + what + "; log " + log())
        .atMost(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .pollInterval(500, TimeUnit.MILLISECONDS)
        .until(
            () -> {
              if (!alive()) {
                throw new IllegalStateException(options.name + " exited; see " + log());
              }
              try {
                return ready.getAsBoolean();
              } catch (RuntimeException notYet) {
                return false;
              }
            });
  }

  /** Waits until the application answers on its URL (any status: the security may refuse). */
  public void awaitUp(Duration timeout) {
    await("the HTTP listener and /livelog/", timeout, () -> answers(port));
  }

  /** Whether something accepts connections on this loopback port. */
  public static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean answers(int port) {
    try {
      java.net.HttpURLConnection connection =
          (java.net.HttpURLConnection)
              new URL("http://127.0.0.1:" + port + "/livelog/health/ready").openConnection();
      connection.setConnectTimeout(2000);
      connection.setReadTimeout(5000);
      int status = connection.getResponseCode();
      connection.disconnect();
      return status != 404;
    } catch (IOException e) {
      return false;
    }
  }

  public String name() {
    return options.name;
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port>/livelog/}. */
  public URL base() {
    try {
      return new URL("http://127.0.0.1:" + port + "/livelog/");
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  public Api api() {
    return new Api(base());
  }

  /** The system properties of the next {@link #start()}; change them between restarts. */
  public Map<String, String> properties() {
    return properties;
  }

  public Path log() {
    return options.log != null
        ? options.log
        : options.work.resolve(options.name + "-" + port + ".log");
  }

  public Process process() {
    return process;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process != null && process.isAlive();
  }

  /**
   * A free loopback port below Linux's ephemeral range (32768 up), so that other processes'
   * outgoing connections cannot take it before the server binds it.
   */
  public static int freePort() throws IOException {
    for (int i = 0; i < 100; i++) {
      int candidate = 20_000 + PORTS.nextInt(12_000);
      try (ServerSocket probe = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
        return probe.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port between 20000 and 32000");
  }

  static String basedir() {
    return System.getProperty("livelog.basedir", ".");
  }
}
