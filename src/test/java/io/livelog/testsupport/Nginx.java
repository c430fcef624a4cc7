package io.livelog.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * Debian's nginx with Livelog's site snippet ({@code payara-config/nginx.conf}) in front of a test
 * server: an unprivileged process ({@code nginx -p PREFIX -c CONF}, daemon off, pid, logs and temp
 * paths inside PREFIX) listening on a free loopback port. Started as root (CI), it drops to {@code
 * nobody} through {@code setpriv}.
 */
public final class Nginx implements AutoCloseable {

  private static final String LISTEN = "listen 80;";
  private static final String UPSTREAM = "server 127.0.0.1:8080;";

  private final Process process;
  private final Path prefix;
  private final int port;

  private Nginx(Process process, Path prefix, int port) {
    this.process = process;
    this.prefix = prefix;
    this.port = port;
  }

  /** Starts nginx with the snippet, proxying to 127.0.0.1:{@code upstreamPort}. */
  public static Nginx inFrontOf(int upstreamPort, String extraHttpDirectives) {
    Path nginx = Tools.require(Tools.NGINX);
    try {
      Path prefix = Files.createTempDirectory("livelog-nginx");
      for (String dir :
          List.of("logs", "tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi")) {
        Files.createDirectories(prefix.resolve(dir));
      }
      int port = freePort();
      Path snippet =
          Path.of(System.getProperty("livelog.basedir", "."), "payara-config", "nginx.conf");
      String site = Files.readString(snippet, StandardCharsets.UTF_8);
      if (!site.contains(LISTEN) || !site.contains(UPSTREAM)) {
        throw new AssertionError(snippet + " must hold '" + LISTEN + "' and '" + UPSTREAM + "'");
      }
      site =
          site.replace(LISTEN, "listen 127.0.0.1:" + port + ";")
              .replace(UPSTREAM, "server 127.0.0.1:" + upstreamPort + ";");
      Files.writeString(prefix.resolve("site.conf"), site);
      Files.writeString(
          prefix.resolve("nginx.conf"),
          String.join(
              "\n",
              "daemon off;",
              "worker_processes 1;",
              "pid " + prefix.resolve("nginx.pid") + ";",
              "error_log " + prefix.resolve("logs/error.log") + " warn;",
              "events { worker_connections 256; }",
              "http {",
              "  access_log " + prefix.resolve("logs/access.log") + ";",
              "  client_body_temp_path " + prefix.resolve("tmp/body") + ";",
              "  proxy_temp_path " + prefix.resolve("tmp/proxy") + ";",
              "  fastcgi_temp_path " + prefix.resolve("tmp/fastcgi") + ";",
              "  uwsgi_temp_path " + prefix.resolve("tmp/uwsgi") + ";",
              "  scgi_temp_path " + prefix.resolve("tmp/scgi") + ";",
              "  " + extraHttpDirectives,
              "  include " + prefix.resolve("site.conf") + ";",
              "}",
              ""));
      List<String> command = new ArrayList<>();
      if ("root".equals(System.getProperty("user.name"))
          && Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
        openTo(prefix);
        command.addAll(
            List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
      }
      command.addAll(
          List.of(
              nginx.toString(),
              "-p",
              prefix.toString(),
              "-e",
              prefix.resolve("logs/error.log").toString(),
              "-c",
              prefix.resolve("nginx.conf").toString()));
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(prefix.resolve("logs/console.log").toFile())
              .start();
      Nginx started = new Nginx(process, prefix, port);
      Awaitility.await()
          .atMost(30, TimeUnit.SECONDS)
          .pollInterval(50, TimeUnit.MILLISECONDS)
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new AssertionError("nginx stopped: " + started.log());
                }
                return listening(port);
              });
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** nginx's error log and console, for failure messages. */
  public String log() {
    StringBuilder text = new StringBuilder();
    for (String name : List.of("logs/console.log", "logs/error.log")) {
      try {
        text.append(Files.readString(prefix.resolve(name))).append('\n');
      } catch (IOException e) {
        // not written yet
      }
    }
    return text.toString();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void openTo(Path prefix) throws IOException {
    try (var paths = Files.walk(prefix)) {
      for (Path path : paths.toList()) {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxrwxrwx"));
      }
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return socket.isConnected();
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
