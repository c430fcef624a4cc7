package io.livelog.redeploy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** A {@link Launcher} in its own JVM, and the test's end of its stdin/stdout conversation. */
public final class Server implements AutoCloseable {

  private final Process process;
  private final Writer commands;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private final int port;

  private Server(Process process, int port) {
    this.process = process;
    this.port = port;
    this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  if (line.startsWith("> ")) {
                    answers.add(line.substring(2));
                  } else if (line.contains("SEVERE") || line.contains("Exception")) {
                    System.out.println("[payara] " + line);
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              }
            },
            "launcher-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts Payara Micro (single node, loopback port) with the project's pre- and post-boot
   * commands. The port is picked below Linux's ephemeral range, so that other processes' outgoing
   * connections cannot take it before Payara binds it; a boot whose HTTP listener did not come up
   * is retried on another port (at most 3 boots).
   */
  public static Server start(File basedir, File payaraJar) throws IOException {
    java.util.Random random = new java.util.Random();
    for (int attempt = 1; ; attempt++) {
      int port = freePort(random);
      Server server = boot(basedir, payaraJar, port);
      if (listening(port)) {
        return server;
      }
      server.close();
      if (attempt == 3) {
        throw new IllegalStateException("Payara Micro's HTTP listener did not come up");
      }
    }
  }

  private static int freePort(java.util.Random random) throws IOException {
    for (int i = 0; i < 50; i++) {
      int port = 20_000 + random.nextInt(12_000);
      try (ServerSocket probe = new ServerSocket(port)) {
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port between 20000 and 32000");
  }

  private static boolean listening(int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Server boot(File basedir, File payaraJar, int port) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(new File(System.getProperty("java.home"), "bin/java").getPath());
    command.add("-Xmx1g");
    // what the jar's manifest would grant with java -jar
    try (JarFile jar = new JarFile(payaraJar)) {
      Manifest manifest = jar.getManifest();
      for (String open : manifest.getMainAttributes().getValue("Add-Opens").split("\\s+")) {
        command.add("--add-opens");
        command.add(open + "=ALL-UNNAMED");
      }
      for (String export : manifest.getMainAttributes().getValue("Add-Exports").split("\\s+")) {
        command.add("--add-exports");
        command.add(export + "=ALL-UNNAMED");
      }
    }
    // only the launcher beside Payara: with all test classes on the system class path, the WAR's
    // test classes would load from there, outside the application
    File launcherDir = new File(basedir, "target/redeploy/launcher");
    File packageDir = new File(launcherDir, "io/livelog/redeploy");
    packageDir.mkdirs();
    File compiled = new File(basedir, "target/test-classes/io/livelog/redeploy");
    for (File classFile : compiled.listFiles((dir, name) -> name.startsWith("Launcher"))) {
      Files.copy(
          classFile.toPath(),
          new File(packageDir, classFile.getName()).toPath(),
          StandardCopyOption.REPLACE_EXISTING);
    }
    command.add("-cp");
    command.add(payaraJar.getPath() + File.pathSeparator + launcherDir);
    command.add(Launcher.class.getName());
    command.add("--nohazelcast");
    command.add("--port");
    command.add(Integer.toString(port));
    command.add("--rootdir");
    command.add(new File(basedir, "target/redeploy/root-" + port).getPath());
    command.add("--systemproperties");
    command.add(new File(basedir, "payara-config/system.properties").getPath());
    command.add("--prebootcommandfile");
    command.add(new File(basedir, "payara-config/pre-boot.asadmin").getPath());
    command.add("--postbootcommandfile");
    command.add(new File(basedir, "payara-config/post-boot.asadmin").getPath());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Server server = new Server(process, port);
    server.expect("booted", 180);
    return server;
  }

  public int port() {
    return port;
  }

  /** Sends a command and waits for its one-line answer. */
  public String send(String command, int timeoutSeconds) {
    try {
      commands.write(command + "\n");
      commands.flush();
      String answer = answers.poll(timeoutSeconds, TimeUnit.SECONDS);
      if (answer == null) {
        throw new IllegalStateException("no answer to " + command + " in " + timeoutSeconds + " s");
      }
      return answer;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void expect(String answer, int timeoutSeconds) {
    try {
      String got = answers.poll(timeoutSeconds, TimeUnit.SECONDS);
      if (!answer.equals(got)) {
        process.destroyForcibly();
        throw new IllegalStateException("expected " + answer + ", got " + got);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public void deploy(File war) {
    String answer = send("deploy " + war.getAbsolutePath(), 180);
    if (!answer.equals("deployed true")) {
      throw new IllegalStateException(answer);
    }
  }

  public void undeploy() {
    String answer = send("undeploy", 120);
    if (!answer.equals("undeployed")) {
      throw new IllegalStateException(answer);
    }
  }

  public JsonObject facts() {
    return Json.createReader(new java.io.StringReader(send("facts", 60))).readObject();
  }

  @Override
  public void close() {
    try {
      send("quit", 30);
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (RuntimeException | InterruptedException e) {
      // fall through to the forced stop
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }
}
