package io.livelog.stream.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.stream.control.StreamLimitException.Limit;
import org.junit.jupiter.api.Test;

/** The contract's answers to a refused stream: 429 for the caller's share, 503 for the node. */
class StreamServletTest {

  @Test
  void theCallersShareIs429AndTheNodesLimitsAre503() {
    assertThat(StreamServlet.status(Limit.PER_USER)).isEqualTo(429);
    assertThat(StreamServlet.status(Limit.SUBSCRIBERS)).isEqualTo(503);
    assertThat(StreamServlet.status(Limit.FILTERS)).isEqualTo(503);
  }
}
