package io.livelog.bench;

import org.junit.jupiter.api.Test;

/**
 * Scenario 7 (issue 16): server CPU per request and answer times, Livelog (without and with the
 * data grid) side by side with the seed article's Express server; {@code ./mvnw -Pbench verify
 * -Dit.test=RequestPathBench}.
 */
class RequestPathBench {

  @Test
  void requestPath() throws Exception {
    new RequestPath(new Results(Bench.out()), Bench.seconds()).run();
  }
}
