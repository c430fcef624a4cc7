package io.livelog.bench;

import org.junit.jupiter.api.Test;

/**
 * Scenario 4: CDI producers inside the server, {@code -Dbench.floodThreads=} (16) threads as fast
 * as they can for {@code -Dbench.floodSeconds=} (10) s, then paced at {@code -Dbench.floodRate=}
 * (100,000/s) for {@code -Dbench.floodPacedSeconds=} (30) s, with {@code -Dbench.floodSubscribers=}
 * (100) streams open.
 */
class FloodBench {

  @Test
  void flood() throws Exception {
    new Scenarios(new Results(Bench.out()), Bench.seconds(), Bench.warmup())
        .flood(
            Integer.getInteger("bench.floodThreads", 16),
            Integer.getInteger("bench.floodSeconds", Bench.quick() ? 4 : 10),
            Integer.getInteger("bench.floodRate", 100_000),
            Integer.getInteger("bench.floodPacedSeconds", Bench.quick() ? 5 : 30),
            Integer.getInteger("bench.floodSubscribers", 100));
  }
}
