package io.livelog.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the benchmark from rotting: runs each of its four scenarios for a couple of seconds at tiny
 * sizes against one real Payara Micro and checks that it measured something sane and wrote its
 * reports. It asserts no performance target.
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
    try (BenchServer server = BenchServer.start(out, "smoke", List.of(), List.of())) {
      scenarios.shared = server;

      Results.Row[] rows = scenarios.pollingVsSse(20, 20);
      scenarios.fanOut(List.of(20), List.of(200), List.of());
      scenarios.connections(List.of(50), 50, 15);
      scenarios.flood(2, 2, 2000, 2, 5);

      server.keep = false;
      assertThat(Double.parseDouble(rows[0].get("server_cpu_pct"))).isGreaterThanOrEqualTo(0);
      assertThat(Double.parseDouble(rows[1].get("deliveries_per_s"))).isPositive();
      assertThat(Double.parseDouble(rows[3].get("deliveries_per_s"))).isPositive();
      assertThat(Double.parseDouble(rows[3].get("p99_ms"))).isPositive().isLessThan(60_000);
    }
    List<Results.Row> all = results.read();
    assertThat(all)
        .extracting(r -> r.get("scenario"))
        .contains("1 polling vs SSE", "2 fan-out", "3 connections", "4 flood");
    Results.Row fanOut =
        all.stream().filter(r -> r.get("scenario").startsWith("2")).findFirst().orElseThrow();
    assertThat(Double.parseDouble(fanOut.get("deliveries_per_s"))).isPositive();
    Results.Row flood =
        all.stream().filter(r -> r.get("scenario").startsWith("4")).findFirst().orElseThrow();
    assertThat(Double.parseDouble(flood.get("published_eps"))).isPositive();
    assertThat(Files.readString(results.markdown())).contains("| case |", "ratio polling / SSE");
    assertThat(Files.readString(results.svg())).startsWith("<svg").contains("<circle");
  }
}
