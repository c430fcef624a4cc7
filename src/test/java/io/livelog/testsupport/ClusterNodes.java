package io.livelog.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that starts N Payara Micro processes forming one Livelog cluster, with
 * exactly the options of the README's "Cluster" section, on free loopback ports: {@code
 * --clustermode tcpip:127.0.0.1:P1,...} {@code --interfaces 127.0.0.1} {@code --clustername}
 * (unique per run) {@code --nohostaware}, a distinct {@code --port} and {@code --startport} each,
 * and {@code -Dhazelcast.socket.bind.any=false} so the grid listens on 127.0.0.1 only. Each runs
 * the built WAR with the test probe; every process is stopped by its PID at the end.
 */
public final class ClusterNodes implements BeforeAllCallback, AfterAllCallback {

  private static final long BOOT_SECONDS = Long.getLong("cluster.bootSeconds", 300);

  private final int size;
  private final boolean grid;
  private final String[] settings;
  private final List<String> options = new ArrayList<>();
  private final Map<String, String> properties = new java.util.LinkedHashMap<>();
  private final String clusterName = "livelog-it-" + Long.toHexString(System.nanoTime());
  private final List<Node> nodes = new ArrayList<>();
  private Path work;
  private File war;

  /** One node: its ports, process and log. */
  public final class Node {
    public final String name;
    public final int httpPort;
    public final int gridPort;
    Process process;
    final Path log;

    /** System properties for the node's next start (they win over the deployment's settings). */
    public final Map<String, String> properties = new java.util.LinkedHashMap<>();

    Node(String name, int httpPort, int gridPort) {
      this.name = name;
      this.httpPort = httpPort;
      this.gridPort = gridPort;
      this.log = work.resolve(name + ".log");
    }

    public Api api() {
      try {
        return new Api(new URL("http://127.0.0.1:" + httpPort + "/livelog/"));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The node's console output. */
    public Path log() {
      return log;
    }

    public long pid() {
      return process.pid();
    }

    public boolean alive() {
      return process != null && process.isAlive();
    }

    /** kill -9. */
    public void kill() throws InterruptedException {
      if (process != null) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }

    /** Starts (again) with the same ports and name, without waiting for it. */
    public void start() throws IOException {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx384m");
      cmd.add("-XX:+UseSerialGC");
      cmd.add("-Dhazelcast.socket.bind.any=false");
      cmd.add("-Dlivelog.node=" + name);
      ClusterNodes.this.properties.forEach((key, value) -> cmd.add("-D" + key + "=" + value));
      properties.forEach((key, value) -> cmd.add("-D" + key + "=" + value));
      // each node its own store, the same one when it starts again
      cmd.add(
          "-Dlivelog.store.dir="
              + work.resolve(clusterName + "-" + name + "-store").toAbsolutePath());
      cmd.add("-jar");
      cmd.add(System.getProperty("payara.microJar", "target/payara-micro.jar"));
      cmd.addAll(List.of("--deploy", war.getPath()));
      cmd.addAll(List.of("--port", Integer.toString(httpPort)));
      if (grid) {
        cmd.addAll(List.of("--startport", Integer.toString(gridPort)));
        cmd.addAll(List.of("--clustermode", "tcpip:" + members()));
        cmd.addAll(List.of("--interfaces", "127.0.0.1", "--clustername", clusterName));
        cmd.add("--nohostaware");
      } else {
        cmd.add("--nohazelcast");
      }
      String basedir = System.getProperty("livelog.basedir", ".");
      cmd.addAll(
          List.of(
              "--systemproperties",
              Path.of(basedir, "payara-config", "system.properties").toString(),
              "--prebootcommandfile",
              Path.of(basedir, "payara-config", "pre-boot.asadmin").toString(),
              "--rootdir",
              Files.createTempDirectory(work, name + "-root").toString()));
      cmd.addAll(options);
      process =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    }

    /** Waits until the node answers and sees {@code members} grid members. */
    public void awaitMembers(int members) {
      Awaitility.await("node " + name + " with " + members + " members, log " + log)
          .atMost(BOOT_SECONDS, TimeUnit.SECONDS)
          .pollInterval(1, TimeUnit.SECONDS)
          .until(
              () -> {
                if (!alive()) {
                  throw new IllegalStateException("node " + name + " exited; see " + log);
                }
                try {
                  return api().stats().getInt("clusterMembers") == members;
                } catch (RuntimeException e) {
                  return false;
                }
              });
    }
  }

  public ClusterNodes(int size) {
    this(size, true);
  }

  /** With {@code grid} false: one plain single node ({@code --nohazelcast}), for comparisons. */
  public ClusterNodes(int size, boolean grid) {
    this(size, grid, new String[0]);
  }

  /** With extra settings for the deployment ({@code key=value}, see {@link Deployments}). */
  public ClusterNodes(int size, boolean grid, String... settings) {
    this.size = size;
    this.grid = grid;
    this.settings = settings.clone();
  }

  /** Extra Payara Micro options for every node (for example {@code --addlibs}). */
  public ClusterNodes withOptions(String... payaraOptions) {
    options.addAll(List.of(payaraOptions));
    return this;
  }

  /** A system property for every node. */
  public ClusterNodes withProperty(String key, String value) {
    properties.put(key, value);
    return this;
  }

  public Node node(int index) {
    return nodes.get(index);
  }

  public List<Node> nodes() {
    return nodes;
  }

  private String members() {
    return nodes.stream().map(n -> "127.0.0.1:" + n.gridPort).collect(Collectors.joining(","));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    work = Files.createDirectories(Path.of("target", "cluster-it"));
    war = work.resolve(clusterName + ".war").toFile();
    Deployments.livelog(settings).as(ZipExporter.class).exportTo(war, true);
    for (int i = 0; i < size; i++) {
      nodes.add(new Node("node-" + (char) ('a' + i), freePort(), freePort()));
    }
    for (Node node : nodes) {
      node.start();
    }
    for (Node node : nodes) {
      node.awaitMembers(grid ? size : 1);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    for (Node node : nodes) {
      node.kill();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
