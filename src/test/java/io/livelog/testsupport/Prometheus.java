package io.livelog.testsupport;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Prometheus as an unprivileged process on a free loopback port, scraping one target every
 * second with Basic credentials; its own HTTP API tells whether the scrape worked. Skips the test
 * without the program ({@link Tools#PROMETHEUS}).
 */
public final class Prometheus implements AutoCloseable {

  private final Process process;
  private final Path dir;
  private final URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  private Prometheus(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.base = URI.create("http://127.0.0.1:" + port + "/");
  }

  /** Starts Prometheus scraping {@code target} (http://127.0.0.1:PORT/path) as user:password. */
  public static Prometheus scraping(URI target, String user, String password) throws IOException {
    Path program = Tools.require(Tools.PROMETHEUS);
    Path dir = Files.createTempDirectory("livelog-prometheus");
    int port = freePort();
    Files.writeString(
        dir.resolve("prometheus.yml"),
        "global:\n"
            + "  scrape_interval: 1s\n"
            + "  scrape_timeout: 1s\n"
            + "scrape_configs:\n"
            + "  - job_name: livelog\n"
            + "    metrics_path: "
            + target.getPath()
            + "\n"
            + "    static_configs:\n"
            + "      - targets: ['127.0.0.1:"
            + target.getPort()
            + "']\n"
            + "    basic_auth:\n"
            + "      username: "
            + user
            + "\n"
            + "      password: '"
            + password
            + "'\n");
    Process process =
        new ProcessBuilder(
                program.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    return new Prometheus(process, dir, port);
  }

  /** The one target's health ({@code up}, {@code down}, {@code unknown}) and last error. */
  public Optional<String> targetHealth() {
    JsonObject answer = get("api/v1/targets");
    if (answer == null) {
      return Optional.empty();
    }
    JsonArray active = answer.getJsonObject("data").getJsonArray("activeTargets");
    if (active.isEmpty()) {
      return Optional.empty();
    }
    JsonObject target = active.getJsonObject(0);
    return Optional.of(target.getString("health") + " " + target.getString("lastError", ""));
  }

  /** The value of an instant query with one result, when there is one. */
  public Optional<Double> value(String query) {
    JsonObject answer =
        get("api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
    if (answer == null) {
      return Optional.empty();
    }
    JsonArray result = answer.getJsonObject("data").getJsonArray("result");
    if (result.size() != 1) {
      return Optional.empty();
    }
    return Optional.of(
        Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1)));
  }

  /** Prometheus's own log, for a failure message. */
  public String log() {
    try {
      return Files.readString(dir.resolve("prometheus.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  private JsonObject get(String relative) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(base.resolve(relative)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Api.object(response.body()) : null;
    } catch (IOException e) {
      return null; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
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
}
