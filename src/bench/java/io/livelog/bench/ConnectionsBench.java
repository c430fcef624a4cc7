package io.livelog.bench;

import org.junit.jupiter.api.Test;

/**
 * Scenario 3: idle subscribers ramped through {@code -Dbench.connections=} toward 50,000, with a
 * {@code -Dbench.heartbeat=} (2) s heartbeat so its CPU shows in a window, then {@code
 * -Dbench.churn=} (10,000) connect/disconnect cycles.
 */
class ConnectionsBench {

  @Test
  void connections() throws Exception {
    new Scenarios(new Results(Bench.out()), Bench.seconds(), Bench.warmup())
        .connections(
            Bench.ints(
                "bench.connections",
                Bench.quick() ? "500,2000" : "1000,5000,10000,15000,20000,30000,50000"),
            Integer.getInteger("bench.churn", Bench.quick() ? 1000 : 10000),
            Integer.getInteger("bench.heartbeat", 2));
  }
}
