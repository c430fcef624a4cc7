package io.livelog.bench;

import org.junit.jupiter.api.Test;

/**
 * Scenario 5: {@code -Dbench.stalled=} (1000) never-reading sockets while {@code
 * -Dbench.stallRate=} (1000) events/s of {@code -Dbench.stallEventBytes=} (1024) bytes flow to
 * {@code -Dbench.healthy=} (100) subscribers. {@code -Dbench.stallSeconds=N} starts the server with
 * {@code livelog.subscriber.stallSeconds=N} (the report says so); by default Livelog's own (30).
 */
class StalledClientsBench {

  @Test
  void stalledClients() throws Exception {
    new Scenarios(new Results(Bench.out()), Bench.seconds(), Bench.warmup())
        .stalledClients(
            Integer.getInteger("bench.stalled", 1000),
            Integer.getInteger("bench.healthy", 100),
            Integer.getInteger("bench.stallRate", 1000),
            Integer.getInteger("bench.stallEventBytes", 1024),
            Integer.getInteger("bench.stallSeconds", 0));
  }
}
