package io.livelog.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps the benchmark from rotting: runs its scenarios for a few seconds at tiny sizes against a
 * real Payara Micro and checks that it measured something sane and wrote its reports. It asserts no
 * performance target.
 */
class BenchSmokeIT {

  @Test
  void theBenchmarkRunsAndWritesItsResults() throws Exception {
    Path out = Path.of(System.getProperty("bench.smokeOut", "target/bench-smoke"));
    System.setProperty("livelog.bench.out", out.toString());
    Files.deleteIfExists(out.resolve("results.csv"));
    Results results = new Results(out);
    Scenarios scenarios = new Scenarios(results, 2, 1);

    Results.Row[] rows = scenarios.pollingVsSse(20, 20);

    assertThat(Double.parseDouble(rows[0].get("server_cpu_pct"))).isGreaterThanOrEqualTo(0);
    assertThat(Double.parseDouble(rows[1].get("deliveries_per_s"))).isPositive();
    assertThat(Double.parseDouble(rows[3].get("deliveries_per_s"))).isPositive();
    assertThat(Double.parseDouble(rows[3].get("p99_ms"))).isPositive().isLessThan(60_000);
    assertThat(Files.readString(results.markdown())).contains("| case |", "ratio polling / SSE");
    assertThat(Files.readString(results.svg())).startsWith("<svg");
    assertThat(Files.readAllLines(results.csv())).hasSizeGreaterThan(5);
  }
}
