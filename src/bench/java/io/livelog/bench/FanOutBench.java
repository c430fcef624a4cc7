package io.livelog.bench;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scenario 2, fan-out, Livelog and the {@code SseBroadcaster} baseline side by side: {@code
 * -Dbench.subscribers=} (1000) × {@code -Dbench.rates=} (100,300,1000 events/s), fed in the server
 * ({@code -Dbench.eventBytes=} 200, {@code -Dbench.feedThreads=} 2).
 */
class FanOutBench {

  @Test
  void fanOut() throws Exception {
    new Scenarios(new Results(Bench.out()), Bench.seconds(), Bench.warmup())
        .fanOut(
            Bench.ints("bench.subscribers", "1000"),
            Bench.ints("bench.rates", "100,300,1000"),
            List.of());
  }
}
