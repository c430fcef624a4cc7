package io.livelog.bench;

import io.livelog.bench.Results.Row;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Scenario 7, the request path (issue 16): what one HTTP request costs the server, measured from
 * outside as server CPU (from /proc) divided by answers, side by side with the seed article's
 * Express server ({@link SeedExpress}) in the same run. Single-event POSTs at 100/s and 1,000/s and
 * the highest rate each server sustains with p99 answer under 50 ms (one SSE subscriber reading all
 * the while); NDJSON posts of 1,000 events; and Livelog's other endpoints (history of 100, stats,
 * readiness, a static asset with a session, a refused request); then single-event POSTs again with
 * Payara's data grid on (a one-member cluster on 127.0.0.1).
 */
final class RequestPath {

  static final String SCENARIO = "7 request path";
  private static final String EVENT = "{\"message\":\"order 42 shipped\",\"level\":\"INFO\"}";
  private static final double[] STEPS = {250, 500, 1000, 2000, 4000, 8000};

  private static final int WARM_SECONDS =
      Integer.getInteger("bench.requestWarmSeconds", Bench.quick() ? 10 : 40);
  private static final int BROWSER_SECONDS =
      Integer.getInteger("bench.browserSeconds", Bench.quick() ? 5 : 20);

  private final Results results;
  private final int seconds;

  RequestPath(Results results, int seconds) {
    this.results = results;
    this.seconds = seconds;
  }

  /**
   * The smallest pass, for {@code BenchSmokeIT}: against a running server, single-event POSTs at
   * 100/s, one NDJSON step and every endpoint, without warm-up, grid, Express or browser.
   */
  void smoke(BenchServer server) throws Exception {
    String base = "http://127.0.0.1:" + server.port + "/livelog/";
    try (PacedRequests load = new PacedRequests(server.port);
        Stream stream = Stream.open(base + "api/stream", BenchServer.basic())) {
      measure(
          "Livelog",
          "single-event POST at 100/s",
          100,
          server::cpuMillis,
          () -> Proc.compilerCpuMillis(server.pid()),
          load,
          post(base),
          stream);
      ndjson(server, load, base, new double[] {5});
      endpoints(server, load, base);
    }
  }

  private static Supplier<byte[]> post(String base) {
    byte[] post =
        PacedRequests.request(
            "POST",
            "/livelog/api/logs",
            EVENT,
            "Authorization",
            "Bearer " + BenchServer.TOKEN,
            "Content-Type",
            "application/json");
    return () -> post;
  }

  void run() throws Exception {
    Path out = Bench.out();
    List<String> settings = List.of("livelog.ingest.maxBytes=4194304");
    try (BenchServer server =
            BenchServer.start(out, "requests", settings, Scenarios.jvmExtra("requests"));
        PacedRequests load = new PacedRequests(server.port)) {
      livelog(server, load, "Livelog", true);
    }
    try (BenchServer server =
            BenchServer.start(
                out, "requests-grid", settings, Scenarios.jvmExtra("requests-grid"), true);
        PacedRequests load = new PacedRequests(server.port)) {
      livelog(server, load, "Livelog, grid on", false);
    }
    try (SeedExpress express = SeedExpress.start(out)) {
      if (express != null) {
        express(express, new PacedRequests(express.port));
      }
    }
  }

  private void livelog(BenchServer server, PacedRequests load, String who, boolean everything)
      throws Exception {
    String base = "http://127.0.0.1:" + server.port + "/livelog/";
    Supplier<byte[]> post = post(base);
    // the browser rows apart: a dashboard rendering 1,000 events a second would take the CPU
    // the single-event POSTs are measured with (Express is measured without one, too)
    try (BrowserRow browser = browser(server)) {
      if (browser != null) {
        Bench.progress(SCENARIO + ": " + who + ", browser row right after boot");
        browser.measure(results, load, who, "right after boot", BROWSER_SECONDS);
      }
    }
    try (Stream stream = Stream.open(base + "api/stream", BenchServer.basic())) {
      Bench.progress(SCENARIO + ": warming " + who);
      load.run(1000, WARM_SECONDS, 256, post);
      singlePosts(
          who, server::cpuMillis, () -> Proc.compilerCpuMillis(server.pid()), load, post, stream);
    }
    try (BrowserRow browser = browser(server)) {
      if (browser != null) {
        Bench.progress(SCENARIO + ": " + who + ", browser row warm");
        browser.measure(results, load, who, "warm", BROWSER_SECONDS);
      }
    }
    if (!everything) {
      return;
    }
    ndjson(server, load, base, new double[] {25, 50, 100, 200, 400});
    endpoints(server, load, base);
  }

  /** Chromium on the server's dashboard, or null (said once) when Chromium is not installed. */
  private static BrowserRow browser(BenchServer server) {
    try {
      return BrowserRow.open(server.port);
    } catch (Exception | AssertionError e) {
      Bench.progress("SKIPPED the browser row: " + e.getMessage());
      return null;
    }
  }

  private void express(SeedExpress express, PacedRequests load) throws Exception {
    String base = "http://127.0.0.1:" + express.port + "/";
    byte[] publish =
        PacedRequests.request("POST", "/publish", EVENT, "Content-Type", "application/json");
    Supplier<byte[]> post = () -> publish;
    try (Stream stream = Stream.open(base + "events", null)) {
      Bench.progress(SCENARIO + ": warming the seed's Express server");
      load.run(1000, WARM_SECONDS, 256, post);
      singlePosts(
          "Express (seed)", () -> Proc.cpuMillis(express.pid()), () -> 0, load, post, stream);
    }
  }

  /** 100/s, 1,000/s, then rising rates until p99 reaches 50 ms or the rate is not reached. */
  private void singlePosts(
      String who,
      LongSupplier cpu,
      LongSupplier jit,
      PacedRequests load,
      Supplier<byte[]> post,
      Stream stream)
      throws InterruptedException {
    measure(who, "single-event POST at 100/s", 100, cpu, jit, load, post, stream);
    measure(who, "single-event POST at 1,000/s", 1000, cpu, jit, load, post, stream);
    double best = 0;
    for (double rate : STEPS) {
      Measured m =
          measure(
              who,
              "single-event POST, step " + (int) rate + "/s",
              rate,
              cpu,
              jit,
              load,
              post,
              stream);
      if (m.p99Ms >= 50 || !m.allAnswered()) {
        break;
      }
      best = rate;
    }
    results.add(
        new Row(SCENARIO, who + ": highest sustained single-event POST rate with p99 < 50 ms")
            .set("server", who)
            .set("requests_per_s", best));
  }

  /** A step's p99, and whether every due request was sent and answered with a 2xx. */
  private record Measured(double p99Ms, boolean allAnswered) {}

  private Measured measure(
      String who,
      String name,
      double rate,
      LongSupplier cpu,
      LongSupplier jit,
      PacedRequests load,
      Supplier<byte[]> request,
      Stream stream)
      throws InterruptedException {
    Bench.progress(SCENARIO + ": " + who + ", " + name);
    long events0 = stream == null ? 0 : stream.events.sum();
    long cpu0 = cpu.getAsLong();
    long jit0 = jit.getAsLong();
    long self0 = Proc.cpuMillis(Proc.self());
    long busy0 = Proc.machineBusyMillis();
    long t0 = System.nanoTime();
    PacedRequests.Outcome o = load.run(rate, seconds, 256, request);
    double wall = (System.nanoTime() - t0) / 1e9;
    double serverCpu = cpu.getAsLong() - cpu0;
    double jitCpu = jit.getAsLong() - jit0;
    double selfCpu = Proc.cpuMillis(Proc.self()) - self0;
    double busy = Proc.machineBusyMillis() - busy0;
    Histogram h = o.latency().getIntervalHistogram();
    double p99 = h.getTotalCount() == 0 ? Double.MAX_VALUE : h.getValueAtPercentile(99) / 1000.0;
    double achieved = o.answered() / wall;
    results.add(
        new Row(SCENARIO, who + ": " + name)
            .set("server", who)
            .set("requests_per_s", achieved)
            .set("server_cpu_ms_per_request", o.answered() == 0 ? 0.0 : serverCpu / o.answered())
            .set(
                "server_cpu_ms_per_request_without_jit",
                o.answered() == 0 ? 0.0 : (serverCpu - jitCpu) / o.answered())
            .set("server_cpu_pct", serverCpu / wall / 10)
            .set("jit_cpu_pct", jitCpu / wall / 10)
            .set("loadgen_cpu_pct", selfCpu / wall / 10)
            .set("machine_busy_pct", busy / wall / 10)
            .latency(h)
            .set(
                "notes",
                String.format(
                    Locale.ROOT,
                    "codes %s; not sent (no free connection) %d; frames the subscriber got %d",
                    o.codes(),
                    o.notSent(),
                    stream == null ? 0 : stream.events.sum() - events0)));
    long ok =
        o.codes().entrySet().stream()
            .filter(e -> e.getKey() >= 200 && e.getKey() < 300)
            .mapToLong(Map.Entry::getValue)
            .sum();
    return new Measured(p99, o.notSent() == 0 && ok == Math.round(rate * seconds));
  }

  /** NDJSON bodies of 1,000 events at rising rates: the events/s ingest takes with every 202. */
  private void ndjson(BenchServer server, PacedRequests load, String base, double[] steps)
      throws InterruptedException {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      body.append("{\"message\":\"ndjson event ")
          .append(i)
          .append(" of a batch\",\"level\":\"INFO\"}\n");
    }
    String ndjson = body.toString();
    byte[] bytes =
        PacedRequests.request(
            "POST",
            "/livelog/api/logs",
            ndjson,
            "Authorization",
            "Bearer " + BenchServer.TOKEN,
            "Content-Type",
            "application/x-ndjson");
    Supplier<byte[]> post = () -> bytes;
    double best = 0;
    for (double bodies : steps) {
      Bench.progress(SCENARIO + ": NDJSON " + (int) bodies + " bodies of 1,000 events a second");
      long cpu0 = server.cpuMillis();
      long t0 = System.nanoTime();
      PacedRequests.Outcome o = load.run(bodies, seconds, 32, post);
      double wall = (System.nanoTime() - t0) / 1e9;
      long accepted = o.codes().getOrDefault(202, 0L);
      Histogram h = o.latency().getIntervalHistogram();
      double events = accepted * 1000 / wall;
      results.add(
          new Row(
                  SCENARIO,
                  "Livelog: NDJSON 1,000-event posts, offered "
                      + (int) (bodies * 1000)
                      + " events/s")
              .set("server", "Livelog")
              .set("events_per_s", events)
              .set("server_cpu_pct", (server.cpuMillis() - cpu0) / wall / 10)
              .latency(h)
              .set("notes", "codes " + o.codes() + "; not sent " + o.notSent()));
      if (accepted < o.sent() || o.notSent() > 0 || events < bodies * 1000 * 0.95) {
        break;
      }
      best = events;
    }
    results.add(
        new Row(SCENARIO, "Livelog: NDJSON ingest, highest rate with every post 202")
            .set("server", "Livelog")
            .set("events_per_s", best));
  }

  /** 300 requests/s of each kind: server CPU per answer. */
  private void endpoints(BenchServer server, PacedRequests load, String base) throws Exception {
    String session = login(base);
    String basic = BenchServer.basic();
    List<Object[]> kinds = new ArrayList<>();
    kinds.add(
        new Object[] {"GET /api/logs?limit=100 (history of 100)", "api/logs?limit=100", basic});
    kinds.add(
        new Object[] {
          "GET /api/logs?after=<newest> (empty poll)", "api/logs?after=9" + "9".repeat(17), basic
        });
    kinds.add(new Object[] {"GET /api/stats", "api/stats", basic});
    kinds.add(new Object[] {"GET /health/ready", "../health/ready", null});
    kinds.add(
        new Object[] {"GET /assets/app.js with a session", "assets/app.js", "cookie:" + session});
    kinds.add(new Object[] {"GET /api/stats without credentials (401)", "api/stats", ""});
    kinds.add(
        new Object[] {
          "GET /api/logs with the producer token (403)",
          "api/logs?limit=1",
          "Bearer " + BenchServer.TOKEN
        });
    for (Object[] kind : kinds) {
      String auth = (String) kind[2];
      boolean cookie = auth != null && auth.startsWith("cookie:");
      byte[] bytes =
          PacedRequests.request(
              "GET",
              URI.create(base).resolve((String) kind[1]).getRawPath()
                  + (((String) kind[1]).contains("?")
                      ? "?" + ((String) kind[1]).substring(((String) kind[1]).indexOf('?') + 1)
                      : ""),
              null,
              "Cookie",
              cookie ? auth.substring(7) : null,
              "Authorization",
              !cookie && auth != null && !auth.isEmpty() ? auth : null);
      Supplier<byte[]> get = () -> bytes;
      load.run(300, 2, 64, get);
      measure(
          "Livelog",
          (String) kind[0] + " at 300/s",
          300,
          server::cpuMillis,
          () -> Proc.compilerCpuMillis(server.pid()),
          load,
          get,
          null);
    }
  }

  private static String login(String base) throws IOException, InterruptedException {
    URI uri = URI.create(base + "login");
    HttpResponse<Void> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Origin", uri.getScheme() + "://" + uri.getAuthority())
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "username=admin&password=" + BenchServer.PASSWORD))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    return r.headers().allValues("Set-Cookie").stream()
        .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
        .filter(c -> c.startsWith("JSESSIONID"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("login gave no session: " + r.statusCode()));
  }

  /** One SSE subscriber that reads everything and counts the data lines. */
  static final class Stream implements AutoCloseable {
    final LongAdder events = new LongAdder();
    private final InputStream in;

    private Stream(InputStream in) {
      this.in = in;
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data:")) {
                      events.increment();
                    }
                  }
                } catch (IOException closed) {
                  // closed at the end of the run
                }
              },
              "bench-subscriber");
      reader.setDaemon(true);
      reader.start();
    }

    static Stream open(String url, String auth) throws IOException, InterruptedException {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
      if (auth != null) {
        b.header("Authorization", auth);
      }
      HttpResponse<InputStream> r =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .build()
              .send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("stream " + url + " answered " + r.statusCode());
      }
      return new Stream(r.body());
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
