package io.livelog.bench;

import org.junit.jupiter.api.Test;

/**
 * Scenario 6: {@code -Dbench.pollers=} (1000) pollers at 1/s with {@code after} inside a history of
 * {@code -Dbench.historyEvents=} (10,000) events and {@code limit=}{@code -Dbench.pollLimit=}
 * (100), then with {@code after} at the newest id.
 */
class HistoryPollingBench {

  @Test
  void pollingInsideHistory() throws Exception {
    new Scenarios(new Results(Bench.out()), Bench.seconds(), Bench.warmup())
        .historyPolling(
            Integer.getInteger("bench.pollers", 1000),
            Integer.getInteger("bench.historyEvents", 10_000),
            Integer.getInteger("bench.pollLimit", 100));
  }
}
