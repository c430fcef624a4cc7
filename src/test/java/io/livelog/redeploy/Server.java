package io.livelog.redeploy;

import io.livelog.testsupport.PayaraMicro;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Launcher} in its own JVM (a {@link PayaraMicro} whose main class is the launcher), and
 * the test's end of its stdin/stdout conversation.
 */
public final class Server implements AutoCloseable {

  private final PayaraMicro server;
  private final Process process;
  private final Writer commands;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

  private Server(PayaraMicro server) {
    this.server = server;
    this.process = server.process();
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
   * Starts Payara Micro (single node, loopback port, no application yet) with the project's pre-
   * and post-boot commands. A boot whose HTTP listener did not come up is retried on another port
   * (at most 3 boots).
   */
  public static Server start(File basedir) throws IOException {
    for (int attempt = 1; ; attempt++) {
      Server server = boot(basedir);
      if (PayaraMicro.listening(server.port())) {
        return server;
      }
      server.close();
      if (attempt == 3) {
        throw new IllegalStateException("Payara Micro's HTTP listener did not come up");
      }
    }
  }

  private static Server boot(File basedir) throws IOException {
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
    PayaraMicro payara =
        PayaraMicro.options("redeploy")
            .work(new File(basedir, "target/redeploy").toPath())
            .launcher(Launcher.class.getName(), launcherDir.toPath())
            .start();
    Server server = new Server(payara);
    server.expect("booted", 180);
    return server;
  }

  public int port() {
    return server.port();
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
      server.close(); // stops it if quit did not, and removes its root directory
    }
  }
}
