package io.livelog.bench;

import io.livelog.bench.baseline.BroadcasterBaseline;
import io.livelog.testsupport.Deployments;
import io.livelog.testsupport.PayaraMicro;
import io.livelog.testsupport.PayaraMicroOptions;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;

/**
 * One Payara Micro ({@link PayaraMicro}) started by the benchmark with the built WAR (plus the test
 * probe, and the baseline and feed of {@code io.livelog.bench.baseline}) and {@code
 * payara-config/}, on a free loopback port; stopped by {@link #close}. What it adds is the bench's
 * own: its credentials, readiness, stats, CPU, RSS and heap through {@code jcmd}.
 */
final class BenchServer implements AutoCloseable {

  static final String PASSWORD = "bench-" + Long.toHexString(System.nanoTime());
  static final String TOKEN = "bench-token-" + Long.toHexString(System.nanoTime() * 31);
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  final int port;
  final Process process;
  final Path log;
  Path jfr;

  /** While set, {@link #close} leaves the server running (it is shared by several scenarios). */
  boolean keep;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final PayaraMicro payara;

  private BenchServer(PayaraMicro payara, Process process, Path log) {
    this.payara = payara;
    this.port = payara.port();
    this.process = process;
    this.log = log;
  }

  /** Starts a server with these Livelog settings ({@code key=value}) and extra JVM options. */
  /** The values of a system property, for A/B runs. */
  private static List<String> experiments(String property, String separator) {
    List<String> values = new ArrayList<>();
    for (String value : System.getProperty(property, "").split(separator)) {
      if (!value.isBlank()) {
        values.add(value.trim());
      }
    }
    return values;
  }

  static BenchServer start(Path out, String name, List<String> settings, List<String> jvm)
      throws Exception {
    return start(out, name, settings, jvm, false);
  }

  /**
   * As above; with {@code grid} Payara's data grid runs as a one-member cluster ({@code
   * --nocluster}) bound to 127.0.0.1 only, instead of {@code --nohazelcast}.
   */
  static BenchServer start(
      Path out, String name, List<String> settings, List<String> jvm, boolean grid)
      throws Exception {
    return start(out, name, settings, jvm, grid, List.of());
  }

  /**
   * As above, with more Payara Micro options (for example {@code --addlibs}); a {@code
   * --postbootcommandfile} among them replaces the project's.
   */
  static BenchServer start(
      Path out,
      String name,
      List<String> settings,
      List<String> jvm,
      boolean grid,
      List<String> payaraOptions)
      throws Exception {
    Files.createDirectories(out);
    File war = out.resolve("livelog-bench.war").toFile();
    if (System.getProperty("bench.war") != null) {
      // an A/B run against another build of the WAR
      System.setProperty("livelog.war", System.getProperty("bench.war"));
    }
    Properties props = new Properties();
    props.setProperty("livelog.admin.password", PASSWORD);
    props.setProperty("livelog.ingest.token", TOKEN);
    // issue 9: many streams of one identity, and the baseline and feed beside Livelog
    props.setProperty("livelog.subscribers.perUser", "1000000");
    Deployments.withSettings(props)
        .addPackage(BroadcasterBaseline.class.getPackage())
        .as(ZipExporter.class)
        .exportTo(war, true);
    // -Dbench.serverSettings=livelog.stream.writers=4,... for experiments
    List<String> experiments = experiments("bench.serverSettings", ",");
    PayaraMicroOptions options =
        PayaraMicro.options("bench-" + name)
            .war(war)
            .heap(System.getProperty("bench.server.heap", "2g"))
            .optimizingJit()
            .jvm(jvm)
            // -Dbench.serverJvm="-Xlog:gc:file=/tmp/gc.log -XX:..." for experiments
            .jvm(experiments("bench.serverJvm", " "))
            .settings(settings)
            .settings(experiments)
            .log(out.resolve("server-" + name + ".log"));
    if (grid) {
      options.gridAlone();
    }
    if (payaraOptions.contains("--postbootcommandfile")) {
      options.postBoot(false);
    }
    options.payara(payaraOptions.toArray(String[]::new));
    Files.deleteIfExists(out.resolve("server-" + name + ".log"));
    PayaraMicro payara = options.start();
    int port = payara.port();
    Path log = payara.log();
    Process process = payara.process();
    BenchServer server = new BenchServer(payara, process, log);
    for (String option : jvm) {
      if (option.startsWith("-XX:StartFlightRecording")) {
        server.jfr = Path.of(option.substring(option.indexOf("filename=") + 9));
      }
    }
    Bench.progress("starting Payara Micro on port " + port + " (" + name + "), log " + log);
    long t0 = System.nanoTime();
    try {
      payara.await(
          "api/stats answering",
          Duration.ofSeconds(Long.getLong("bench.startSeconds", 240)),
          server::ready);
    } catch (RuntimeException e) {
      server.close();
      throw new IllegalStateException("Payara Micro did not start; see " + log, e);
    }
    Bench.progress(
        "server ready after " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) + " s");
    return server;
  }

  static String basic() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  long pid() {
    return process.pid();
  }

  private boolean ready() {
    try {
      return get("api/stats").statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  HttpResponse<String> get(String relative) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/livelog/" + relative))
            .header("Authorization", basic())
            .timeout(Duration.ofSeconds(30))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String relative) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/livelog/" + relative))
            .header("Authorization", "Bearer " + TOKEN)
            .timeout(Duration.ofSeconds(300))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The stats, or null when the server does not answer within 10 s. */
  JsonObject tryStats() {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/livelog/api/stats"))
              .header("Authorization", basic())
              .timeout(Duration.ofSeconds(10))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() != 200
          ? null
          : Json.createReader(new StringReader(response.body())).readObject();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  JsonObject stats() {
    try {
      return Json.createReader(new StringReader(get("api/stats").body())).readObject();
    } catch (Exception e) {
      throw new IllegalStateException("stats", e);
    }
  }

  long cpuMillis() {
    return Proc.cpuMillis(pid());
  }

  long rssKb() {
    return Proc.rssKb(pid());
  }

  /** Heap in use in KB as {@code jcmd GC.heap_info} reports it, after a full GC when asked. */
  long heapUsedKb(boolean gcFirst) {
    if (gcFirst) {
      jcmd("GC.run");
    }
    Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /** Runs {@code jcmd <pid> command}; empty when it fails or takes over 30 s (no fd left). */
  String jcmd(String command) {
    try {
      Path out = Files.createTempFile("bench-jcmd", ".txt");
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  Long.toString(pid()),
                  command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
      String text = Files.readString(out);
      Files.deleteIfExists(out);
      return text;
    } catch (Exception e) {
      return "";
    }
  }

  @Override
  public void close() {
    if (keep) {
      return;
    }
    payara.stop();
    Bench.progress("server on port " + port + " stopped");
    if (jfr != null && Files.exists(jfr)) {
      try {
        Path summary = Path.of(jfr.toString().replace(".jfr", "-profile.txt"));
        JfrSummary.write(jfr, summary);
        Bench.progress("profile summary: " + summary);
      } catch (IOException | RuntimeException e) {
        Bench.progress("could not summarise " + jfr + ": " + e);
      }
    }
  }
}
