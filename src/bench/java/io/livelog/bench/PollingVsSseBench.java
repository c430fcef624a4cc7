package io.livelog.bench;

import org.junit.jupiter.api.Test;

/**
 * Scenario 1, the seed's claim: {@code -Dbench.clients=} (1,000) pollers at 1/s against as many SSE
 * subscribers, idle and with {@code -Dbench.pollRate=} (10) events/s.
 */
class PollingVsSseBench {

  @Test
  void pollingVersusSse() throws Exception {
    new Scenarios(new Results(Bench.out()), Bench.seconds(), Bench.warmup())
        .pollingVsSse(
            Integer.getInteger("bench.clients", Bench.quick() ? 200 : 1000),
            Integer.getInteger("bench.pollRate", 10));
  }
}
