package io.livelog.testsupport;

import java.io.File;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.awaitility.Awaitility;

/**
 * The one way tests and the bench start Payara Micro outside Arquillian: a process on a loopback
 * port with the project's {@code payara-config/}, which can be killed ({@code kill -9}) and started
 * again with the same port, options and store. Options: the WAR, heap and JVM options, system
 * properties (they win over the WAR's settings), the data grid (off with {@code --nohazelcast}
 * unless asked for; then bound to 127.0.0.1), a store directory that survives restarts, the
 * environment, extra Payara Micro options, and instead of {@code -jar} a main class beside Payara
 * (the redeploy test's stdin-driven launcher). Console output goes to {@link #log()}, unless the
 * caller reads it ({@link Options#launcher}).
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

  /** A test server's JVM: C1 only, serial GC (see {@link Options#optimizingJit}). */
  public static final List<String> QUICK_JIT =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private final Options options;
  private final int port;
  private final Map<String, String> properties;
  private Process process;
  private Path root;

  private PayaraMicro(Options options) throws IOException {
    this.options = options;
    this.port = options.port > 0 ? options.port : freePort();
    this.properties = new LinkedHashMap<>(options.properties);
  }

  /** Options for a server named {@code name} (its log, root and store directories say it). */
  public static Options options(String name) {
    return new Options(name);
  }

  /** What a server starts with; {@link #start()} or {@link #create()} makes it. */
  public static final class Options {
    private final String name;
    private File war;
    private int port;
    private String heap = "1g";
    private boolean quickJit = true;
    private final List<String> jvm = new ArrayList<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> payara = new ArrayList<>();
    private List<String> grid;
    private boolean postBoot = true;
    private Path work = Path.of(basedir(), "target", "payara");
    private Path log;
    private String mainClass;
    private Path mainClassPath;

    private Options(String name) {
      this.name = name;
    }

    /** The WAR to deploy at boot (none: the launcher deploys later). */
    public Options war(File war) {
      this.war = war;
      return this;
    }

    /** The HTTP port (default: a free one below Linux's ephemeral range, kept over restarts). */
    public Options port(int port) {
      this.port = port;
      return this;
    }

    /** {@code -Xmx} (default 1g). */
    public Options heap(String heap) {
      this.heap = heap;
      return this;
    }

    /**
     * The JVM's optimizing compiler (C2) too. By default a test server compiles with C1 only and
     * collects with the serial collector ({@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}): a boot
     * then takes half the CPU (measured: 8 s instead of 17 s on two cores), and correctness tests
     * measure no speed. The bench, which does, asks for C2.
     */
    public Options optimizingJit() {
      quickJit = false;
      return this;
    }

    /** Extra JVM options, for example a flight recording. */
    public Options jvm(List<String> options) {
      jvm.addAll(options);
      return this;
    }

    public Options jvm(String... options) {
      return jvm(List.of(options));
    }

    /** A system property ({@code -D}); Livelog's settings given this way win over the WAR's. */
    public Options property(String key, String value) {
      properties.put(key, value);
      return this;
    }

    /** System properties written {@code key=value}. */
    public Options settings(List<String> settings) {
      for (String setting : settings) {
        int eq = setting.indexOf('=');
        property(setting.substring(0, eq), setting.substring(eq + 1));
      }
      return this;
    }

    /** The durable store's directory: the same one after {@link #kill()} and {@link #start()}. */
    public Options store(Path dir) {
      return property("livelog.store.dir", dir.toAbsolutePath().toString());
    }

    /** An environment variable of the server process. */
    public Options env(String key, String value) {
      env.put(key, value);
      return this;
    }

    /** Extra Payara Micro options (for example {@code --addlibs}, {@code --logtofile}). */
    public Options payara(String... options) {
      payara.addAll(List.of(options));
      return this;
    }

    /**
     * A member of a data grid on loopback: {@code --clustermode tcpip:members} with {@code
     * --interfaces 127.0.0.1}, the cluster's name and this member's grid port, bound to 127.0.0.1
     * only.
     */
    public Options grid(String clusterName, int gridPort, String tcpipMembers) {
      grid =
          List.of(
              "--startport",
              Integer.toString(gridPort),
              "--clustermode",
              "tcpip:" + tcpipMembers,
              "--interfaces",
              "127.0.0.1",
              "--clustername",
              clusterName,
              "--nohostaware");
      return this;
    }

    /** A data grid of this one member ({@code --nocluster}), bound to 127.0.0.1 only. */
    public Options gridAlone() {
      grid = List.of("--nocluster", "--interfaces", "127.0.0.1");
      return this;
    }

    /** Whether {@code payara-config/post-boot.asadmin} runs (default yes). */
    public Options postBoot(boolean postBoot) {
      this.postBoot = postBoot;
      return this;
    }

    /** Where root directories (and by default the log) go; default {@code target/payara}. */
    public Options work(Path work) {
      this.work = work;
      return this;
    }

    /** The console log (appended to over restarts); default {@code <work>/<name>.log}. */
    public Options log(Path log) {
      this.log = log;
      return this;
    }

    /**
     * Runs {@code mainClass} (found in {@code classPath}) beside Payara Micro's jar instead of
     * {@code java -jar}, with the opens and exports the jar's manifest grants; its stdin and stdout
     * are the caller's ({@link PayaraMicro#process()}), not the log.
     */
    public Options launcher(String mainClass, Path classPath) {
      this.mainClass = mainClass;
      this.mainClassPath = classPath;
      return this;
    }

    /** The server, not started yet. */
    public PayaraMicro create() throws IOException {
      return new PayaraMicro(this);
    }

    /** The server, started (not yet waited for: see {@link PayaraMicro#awaitUp}). */
    public PayaraMicro start() throws IOException {
      PayaraMicro server = create();
      server.start();
      return server;
    }
  }

  /** Starts the process (again, after {@link #kill()}): same port, options and store. */
  public void start() throws IOException {
    if (alive()) {
      throw new IllegalStateException(options.name + " is running");
    }
    Files.createDirectories(options.work);
    String jar = System.getProperty("payara.microJar", "target/payara-micro.jar");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + options.heap);
    if (options.quickJit) {
      cmd.addAll(QUICK_JIT);
    }
    cmd.addAll(options.jvm);
    // the grid binds only --interfaces through payara-config/system.properties
    // (hazelcast.socket.bind.any=false): ClusterIT's loopback check tests that file
    properties.forEach((key, value) -> cmd.add("-D" + key + "=" + value));
    if (options.mainClass == null) {
      cmd.addAll(List.of("-jar", jar));
    } else {
      cmd.addAll(manifestAccess(jar));
      cmd.addAll(
          List.of("-cp", jar + File.pathSeparator + options.mainClassPath, options.mainClass));
    }
    if (options.war != null) {
      cmd.addAll(List.of("--deploy", options.war.getPath()));
    }
    cmd.addAll(List.of("--port", Integer.toString(port)));
    cmd.addAll(options.grid != null ? options.grid : List.of("--nohazelcast"));
    Path config = Path.of(basedir(), "payara-config");
    cmd.addAll(
        List.of(
            "--systemproperties",
            config.resolve("system.properties").toString(),
            "--prebootcommandfile",
            config.resolve("pre-boot.asadmin").toString()));
    if (options.postBoot) {
      cmd.addAll(List.of("--postbootcommandfile", config.resolve("post-boot.asadmin").toString()));
    }
    // Payara Micro unpacks its runtime (about 120 MB) here; removed once the process has ended
    root = Files.createTempDirectory(options.work, options.name + "-root-");
    cmd.addAll(List.of("--rootdir", root.toString()));
    cmd.addAll(options.payara);
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

  private static String basedir() {
    return System.getProperty("livelog.basedir", ".");
  }

  /** What the jar's manifest grants with {@code java -jar}: its Add-Opens and Add-Exports. */
  private static List<String> manifestAccess(String jar) {
    List<String> access = new ArrayList<>();
    try (JarFile file = new JarFile(jar)) {
      Attributes main = file.getManifest().getMainAttributes();
      for (String open : main.getValue("Add-Opens").split("\\s+")) {
        access.addAll(List.of("--add-opens", open + "=ALL-UNNAMED"));
      }
      for (String export : main.getValue("Add-Exports").split("\\s+")) {
        access.addAll(List.of("--add-exports", export + "=ALL-UNNAMED"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return access;
  }
}
