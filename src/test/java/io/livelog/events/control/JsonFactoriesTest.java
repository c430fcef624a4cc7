package io.livelog.events.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.ingest.control.IngestParser;
import io.livelog.problem.boundary.Problem;
import io.livelog.testsupport.CountingJsonProvider;
import org.junit.jupiter.api.Test;

class JsonFactoriesTest {

  /**
   * With {@code jakarta.json.provider} naming a counting provider, every {@code Json.create...} (or
   * {@code JsonProvider.provider()}) call makes a new one; Livelog's JSON makes none.
   */
  @Test
  void theJsonProviderIsResolvedOnceNotPerCall() {
    String property = "jakarta.json.provider";
    String old = System.getProperty(property);
    System.setProperty(property, CountingJsonProvider.class.getName());
    try {
      assertThat(jakarta.json.spi.JsonProvider.provider()).isInstanceOf(CountingJsonProvider.class);
      JsonFactories.provider();
      EventJson.toJson(new LogEvent(null, 1, Level.INFO, "l", "app", null, null, "m", null, null));
      perCall();
    } finally {
      if (old == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, old);
      }
    }
  }

  private static void perCall() {
    int before = CountingJsonProvider.created();

    IngestParser parser = new IngestParser(0);
    for (int i = 0; i < 50; i++) {
      assertThat(parser.parseJson("{\"message\":\"one\"}")).hasSize(1);
      assertThat(parser.parseJson("[{\"msg\":\"a\"},{\"log\":\"b\"}]")).hasSize(2);
      assertThat(parser.parseNdjson("{\"message\":\"a\"}\n{\"message\":\"b\"}\n")).hasSize(2);
      assertThat(Problem.body(400, "Bad request", "d", "f", null)).contains("\"field\":\"f\"");
      assertThat(JsonFactories.readObject("{\"a\":1}").getInt("a")).isEqualTo(1);
      assertThat(JsonFactories.object().add("n", i).build().getInt("n")).isEqualTo(i);
      EventJson.toJson(new LogEvent(null, i, Level.WARN, "l", "app", null, null, "m", null, null));
    }

    assertThat(CountingJsonProvider.created()).isEqualTo(before);
  }
}
