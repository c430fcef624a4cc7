package io.livelog.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The seed article's 30-line Express server ({@code ../shared/docs/seed-article.txt}): its {@code
 * /events} stream, plus a {@code /publish} endpoint that broadcasts each posted JSON body to every
 * stream, as the article's dashboard would need. Run with Node on its own loopback port; Express is
 * installed from the npm registry into {@code target/bench/express} on first use. {@link #start}
 * answers null (and says why) when Node or npm is missing.
 */
final class SeedExpress implements AutoCloseable {

  static final String SERVER_JS =
      """
      const express = require('express');
      const app = express();
      const PORT = Number(process.argv[2]);
      const clients = new Set();
      app.use(express.json({ limit: '1mb' }));
      app.get('/events', (req, res) => {
        res.setHeader('Content-Type', 'text/event-stream');
        res.setHeader('Cache-Control', 'no-cache');
        res.setHeader('Connection', 'keep-alive');
        res.write('data: Connection successful!\\n\\n');
        clients.add(res);
        req.on('close', () => { clients.delete(res); res.end(); });
      });
      app.post('/publish', (req, res) => {
        const data = JSON.stringify(req.body);
        for (const c of clients) c.write(`data: ${data}\\n\\n`);
        res.status(202).json({ accepted: 1 });
      });
      app.listen(PORT, '127.0.0.1', () => console.log(`listening ${PORT}`));
      """;

  final int port;
  final Process process;

  private SeedExpress(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  static SeedExpress start(Path out) throws Exception {
    Path dir = out.resolve("express").toAbsolutePath();
    Files.createDirectories(dir);
    if (!Files.isDirectory(dir.resolve("node_modules/express"))) {
      Bench.progress("installing express@4 from the npm registry into " + dir);
      if (run(dir, List.of("npm", "install", "--no-audit", "--no-fund", "express@4")) != 0) {
        Bench.progress("SKIPPED the Express baseline: npm (Debian package npm/nodejs) failed");
        return null;
      }
    }
    Files.writeString(dir.resolve("server.js"), SERVER_JS);
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Process process =
        new ProcessBuilder("node", "server.js", Integer.toString(port))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.resolve("express.log").toFile())
            .start();
    SeedExpress express = new SeedExpress(port, process);
    HttpClient http = HttpClient.newHttpClient();
    boolean up =
        Bench.await(
            30,
            () -> {
              try {
                return http.send(
                            HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/publish"))
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(2))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"up\"}"))
                                .build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 202;
              } catch (IOException | InterruptedException e) {
                return false;
              }
            });
    if (!up) {
      express.close();
      Bench.progress("SKIPPED the Express baseline: node server.js did not answer");
      return null;
    }
    return express;
  }

  private static int run(Path dir, List<String> command) {
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("npm.log").toFile())
              .start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
