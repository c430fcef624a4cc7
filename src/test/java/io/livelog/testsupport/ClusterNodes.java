package io.livelog.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that starts N Payara Micro processes forming one Livelog cluster, with
 * exactly the options of the README's "Cluster" section, on free loopback ports: {@code
 * --clustermode tcpip:127.0.0.1:P1,...} {@code --interfaces 127.0.0.1} {@code --clustername}
 * (unique per run) {@code --nohostaware}, a distinct {@code --port} and {@code --startport} each,
 * and the project's {@code payara-config/system.properties} ({@code
 * hazelcast.socket.bind.any=false}) so the grid listens on 127.0.0.1 only. Each runs the built WAR
 * with the test probe; every process is stopped by its PID at the end. Each node is a {@link
 * PayaraMicro}.
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
  private List<Integer> gridPorts = List.of();

  /**
   * The test class whose {@code beforeAll} started the nodes: JUnit calls a class's extensions
   * again for each of its {@code @Nested} classes, which share the nodes and must not start or stop
   * them again. Null when a test drives the extension by hand (with a null context).
   */
  private Class<?> owner;

  /** One node: its ports, its {@link PayaraMicro} and its log. */
  public final class Node {
    public final String name;
    public final int httpPort;
    public final int gridPort;
    private final PayaraMicro server;

    /** System properties for the node's next start (they win over the deployment's settings). */
    public final Map<String, String> properties = new java.util.LinkedHashMap<>();

    Node(String name, int httpPort, int gridPort) throws IOException {
      this.name = name;
      this.httpPort = httpPort;
      this.gridPort = gridPort;
      PayaraMicroOptions options =
          PayaraMicro.options(name)
              .war(war)
              .port(httpPort)
              .heap("384m")
              .property("livelog.node", name)
              // each node its own store, the same one when it starts again
              .store(work.resolve(clusterName + "-" + name + "-store"))
              .postBoot(false)
              .work(work)
              .log(work.resolve(clusterName + "-" + name + ".log"))
              .payara(ClusterNodes.this.options.toArray(String[]::new));
      ClusterNodes.this.properties.forEach(options::property);
      if (grid) {
        options.grid(clusterName, gridPort, members());
      }
      this.server = options.create();
    }

    public Api api() {
      return server.api();
    }

    /** The node's console output. */
    public Path log() {
      return server.log();
    }

    public long pid() {
      return server.pid();
    }

    public boolean alive() {
      return server.alive();
    }

    /** kill -9. */
    public void kill() throws InterruptedException {
      server.kill();
    }

    /** Starts (again) with the same ports, name and store, without waiting for it. */
    public void start() throws IOException {
      server.properties().putAll(properties);
      server.start();
    }

    /** Waits until the node answers and sees {@code members} grid members. */
    public void awaitMembers(int members) {
      server.await(
          members + " grid members",
          Duration.ofSeconds(BOOT_SECONDS),
          () -> api().stats().getInt("clusterMembers") == members);
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
    return gridPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (!nodes.isEmpty()) {
      return; // a @Nested class of the owner: the nodes are up
    }
    owner = testClass(context);
    work = Files.createDirectories(Path.of("target", "cluster-it"));
    war = work.resolve(clusterName + ".war").toFile();
    Deployments.livelog(settings).as(ZipExporter.class).exportTo(war, true);
    List<int[]> ports = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ports.add(new int[] {PayaraMicro.freePort(), PayaraMicro.freePort()});
    }
    // every node names every member's grid port: all ports first, then the nodes
    gridPorts = ports.stream().map(p -> p[1]).toList();
    for (int i = 0; i < size; i++) {
      nodes.add(new Node("node-" + (char) ('a' + i), ports.get(i)[0], ports.get(i)[1]));
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
    if (testClass(context) != owner) {
      return; // a @Nested class ended; the owner's tests may go on
    }
    for (Node node : nodes) {
      node.kill();
    }
  }

  private static Class<?> testClass(ExtensionContext context) {
    return context == null ? null : context.getTestClass().orElse(null);
  }
}
