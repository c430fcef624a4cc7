package io.livelog.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * What a {@link PayaraMicro} starts with, and the command line that says it; {@link #start()} or
 * {@link #create()} makes the server.
 */
public final class PayaraMicroOptions {

  /** A test server's JVM: C1 only, serial GC (see {@link #optimizingJit}). */
  static final List<String> QUICK_JIT = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  final String name;
  File war;
  int port;
  String heap = "1g";
  boolean quickJit = true;
  final List<String> jvm = new ArrayList<>();
  final Map<String, String> properties = new LinkedHashMap<>();
  final Map<String, String> env = new LinkedHashMap<>();
  final List<String> payara = new ArrayList<>();
  List<String> grid;
  boolean postBoot = true;
  Path work = Path.of(PayaraMicro.basedir(), "target", "payara");
  Path log;
  String mainClass;
  Path mainClassPath;

  PayaraMicroOptions(String name) {
    this.name = name;
  }

  /** The WAR to deploy at boot (none: the launcher deploys later). */
  public PayaraMicroOptions war(File war) {
    this.war = war;
    return this;
  }

  /** The HTTP port (default: a free one below Linux's ephemeral range, kept over restarts). */
  public PayaraMicroOptions port(int port) {
    this.port = port;
    return this;
  }

  /** {@code -Xmx} (default 1g). */
  public PayaraMicroOptions heap(String heap) {
    this.heap = heap;
    return this;
  }

  /**
   * The JVM's optimizing compiler (C2) too. By default a test server compiles with C1 only and
   * collects with the serial collector ({@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}): a boot
   * then takes half the CPU (measured: 8 s instead of 17 s on two cores), and correctness tests
   * measure no speed. The bench, which does, asks for C2.
   */
  public PayaraMicroOptions optimizingJit() {
    quickJit = false;
    return this;
  }

  /** Extra JVM options, for example a flight recording. */
  public PayaraMicroOptions jvm(List<String> options) {
    jvm.addAll(options);
    return this;
  }

  public PayaraMicroOptions jvm(String... options) {
    return jvm(List.of(options));
  }

  /** A system property ({@code -D}); Livelog's settings given this way win over the WAR's. */
  public PayaraMicroOptions property(String key, String value) {
    properties.put(key, value);
    return this;
  }

  /** System properties written {@code key=value}. */
  public PayaraMicroOptions settings(List<String> settings) {
    for (String setting : settings) {
      int eq = setting.indexOf('=');
      property(setting.substring(0, eq), setting.substring(eq + 1));
    }
    return this;
  }

  /** The durable store's directory: the same one after {@link #kill()} and {@link #start()}. */
  public PayaraMicroOptions store(Path dir) {
    return property("livelog.store.dir", dir.toAbsolutePath().toString());
  }

  /** An environment variable of the server process. */
  public PayaraMicroOptions env(String key, String value) {
    env.put(key, value);
    return this;
  }

  /** Extra Payara Micro options (for example {@code --addlibs}, {@code --logtofile}). */
  public PayaraMicroOptions payara(String... options) {
    payara.addAll(List.of(options));
    return this;
  }

  /**
   * A member of a data grid on loopback: {@code --clustermode tcpip:members} with {@code
   * --interfaces 127.0.0.1}, the cluster's name and this member's grid port, bound to 127.0.0.1
   * only.
   */
  public PayaraMicroOptions grid(String clusterName, int gridPort, String tcpipMembers) {
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
  public PayaraMicroOptions gridAlone() {
    grid = List.of("--nocluster", "--interfaces", "127.0.0.1");
    return this;
  }

  /** Whether {@code payara-config/post-boot.asadmin} runs (default yes). */
  public PayaraMicroOptions postBoot(boolean postBoot) {
    this.postBoot = postBoot;
    return this;
  }

  /** Where root directories (and by default the log) go; default {@code target/payara}. */
  public PayaraMicroOptions work(Path work) {
    this.work = work;
    return this;
  }

  /** The console log (appended to over restarts); default {@code <work>/<name>.log}. */
  public PayaraMicroOptions log(Path log) {
    this.log = log;
    return this;
  }

  /**
   * Runs {@code mainClass} (found in {@code classPath}) beside Payara Micro's jar instead of {@code
   * java -jar}, with the opens and exports the jar's manifest grants; its stdin and stdout are the
   * caller's ({@link PayaraMicro#process()}), not the log.
   */
  public PayaraMicroOptions launcher(String mainClass, Path classPath) {
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

  /**
   * The command line of a server on {@code port} with {@code systemProperties}, unpacked into
   * {@code root}.
   */
  List<String> command(int port, Map<String, String> systemProperties, Path root) {
    String jar = System.getProperty("payara.microJar", "target/payara-micro.jar");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    if (quickJit) {
      cmd.addAll(QUICK_JIT);
    }
    cmd.addAll(jvm);
    // the grid binds only --interfaces through payara-config/system.properties
    // (hazelcast.socket.bind.any=false): ClusterIT's loopback check tests that file
    systemProperties.forEach((key, value) -> cmd.add("-D" + key + "=" + value));
    if (mainClass == null) {
      cmd.addAll(List.of("-jar", jar));
    } else {
      cmd.addAll(manifestAccess(jar));
      cmd.addAll(List.of("-cp", jar + File.pathSeparator + mainClassPath, mainClass));
    }
    if (war != null) {
      cmd.addAll(List.of("--deploy", war.getPath()));
    }
    cmd.addAll(List.of("--port", Integer.toString(port)));
    cmd.addAll(grid != null ? grid : List.of("--nohazelcast"));
    Path config = Path.of(PayaraMicro.basedir(), "payara-config");
    cmd.addAll(
        List.of(
            "--systemproperties",
            config.resolve("system.properties").toString(),
            "--prebootcommandfile",
            config.resolve("pre-boot.asadmin").toString()));
    if (postBoot) {
      cmd.addAll(List.of("--postbootcommandfile", config.resolve("post-boot.asadmin").toString()));
    }
    cmd.addAll(List.of("--rootdir", root.toString()));
    cmd.addAll(payara);
    return cmd;
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
