package io.livelog.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the benchmark from rotting: runs each of its scenarios for a couple of seconds at tiny
 * sizes against one real Payara Micro and checks that it measured something sane and wrote its
 * reports: fan-out rows for both Livelog and the {@code SseBroadcaster} baseline, stalled clients,
 * polling inside history, the targets table. It asserts no performance target.
 */
class BenchSmokeIT {

  @Test
  void theBenchmarkRunsAndWritesItsResults() throws Exception {
    Path out = Path.of(System.getProperty("bench.smokeOut", "target/bench-smoke"));
    System.setProperty("livelog.bench.out", out.toString());
    Files.createDirectories(out);
    Files.deleteIfExists(out.resolve("results.csv"));
    Results results = new Results(out);
    Scenarios scenarios = new Scenarios(results, 2, 1);
    int stallSeconds = 2;
    System.setProperty("bench.stallExtraSeconds", "3");
    try (BenchServer server =
        BenchServer.start(
            out, "smoke", List.of("livelog.subscriber.stallSeconds=" + stallSeconds), List.of())) {
      scenarios.shared = server;

      Results.Row[] rows = scenarios.pollingVsSse(20, 20);
      scenarios.fanOut(List.of(20), List.of(100), List.of());
      scenarios.stalledClients(10, 5, 1000, 1024, stallSeconds);
      scenarios.historyPolling(20, 500, 100);
      scenarios.connections(List.of(50), 50, 15);
      scenarios.flood(2, 2, 2000, 2, 5);
      new RequestPath(results, 1).smoke(server);

      server.keep = false;
      assertThat(Double.parseDouble(rows[0].get("server_cpu_pct"))).isGreaterThanOrEqualTo(0);
      assertThat(Double.parseDouble(rows[1].get("deliveries_per_s"))).isPositive();
      assertThat(Double.parseDouble(rows[3].get("deliveries_per_s"))).isPositive();
      assertThat(Double.parseDouble(rows[3].get("p99_ms"))).isPositive().isLessThan(60_000);
    }
    List<Results.Row> all = results.read();
    assertThat(all)
        .extracting(r -> r.get("scenario"))
        .contains(
            "1 polling vs SSE",
            "2 fan-out",
            "3 connections",
            "4 flood",
            "5 stalled clients",
            "6 polling in history",
            "7 request path");
    for (String stream : List.of("livelog", "baseline")) {
      Results.Row fanOut =
          all.stream()
              .filter(r -> r.get("scenario").startsWith("2") && r.get("stream").equals(stream))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no fan-out row for " + stream));
      assertThat(Double.parseDouble(fanOut.get("deliveries_per_s"))).as(stream).isPositive();
      assertThat(Double.parseDouble(fanOut.get("p99_ms"))).as(stream).isPositive();
      assertThat(fanOut.get("quiet")).as(stream).isIn("yes", "no");
    }
    assertThat(all)
        .filteredOn(r -> r.get("scenario").startsWith("2"))
        .extracting(r -> r.get("stream"))
        .contains("ratio");
    Results.Row stalled =
        all.stream().filter(r -> r.get("scenario").startsWith("5")).findFirst().orElseThrow();
    assertThat(Integer.parseInt(stalled.get("stalled"))).isEqualTo(10);
    assertThat(stalled.get("counted")).isNotEmpty();
    assertThat(stalled.get("rss_growth_mb")).isNotEmpty();
    assertThat(stalled.get("notes")).contains("stallSeconds 2 (set by the bench");
    assertThat(all)
        .filteredOn(r -> r.get("scenario").startsWith("6"))
        .hasSize(2)
        .allSatisfy(r -> assertThat(Double.parseDouble(r.get("answers_per_s"))).isPositive());
    assertThat(all)
        .filteredOn(r -> r.get("scenario").startsWith("7") && r.get("case").contains("POST at"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(Double.parseDouble(r.get("requests_per_s"))).isPositive();
              assertThat(Double.parseDouble(r.get("server_cpu_ms_per_request"))).isPositive();
              assertThat(r.get("p99_ms")).isNotEmpty();
            });
    assertThat(all)
        .filteredOn(r -> r.get("scenario").startsWith("7"))
        .extracting(r -> r.get("case"))
        .anyMatch(c -> c.contains("/health/ready"))
        .anyMatch(c -> c.contains("NDJSON"))
        .anyMatch(c -> c.contains("(401)"));
    Results.Row flood =
        all.stream().filter(r -> r.get("scenario").startsWith("4")).findFirst().orElseThrow();
    assertThat(Double.parseDouble(flood.get("published_eps"))).isPositive();
    assertThat(Files.readString(results.markdown()))
        .contains(
            "| case |",
            "ratio polling / SSE",
            "Livelog / baseline",
            "## Targets (issue 9)",
            "## Limits moved from the correctness tests");
    assertThat(Files.readString(results.svg())).startsWith("<svg").contains("<circle");
  }
}
