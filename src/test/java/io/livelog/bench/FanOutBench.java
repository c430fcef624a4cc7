package io.livelog.bench;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scenario 2, fan-out: {@code -Dbench.subscribers=} (100,1000,5000) × {@code -Dbench.rates=}
 * (100,1000,10000,100000 events/s).
 */
class FanOutBench {

  @Test
  void fanOut() throws Exception {
    new Scenarios(new Results(Bench.out()), Bench.seconds(), Bench.warmup())
        .fanOut(
            Bench.ints("bench.subscribers", Bench.quick() ? "100,1000" : "100,1000,5000"),
            Bench.ints("bench.rates", Bench.quick() ? "100,1000,10000" : "100,1000,10000,100000"),
            List.of());
  }
}
