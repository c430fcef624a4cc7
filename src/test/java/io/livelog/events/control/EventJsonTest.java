package io.livelog.events.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.testsupport.NastyStrings;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonTest {

  @Test
  void loneSurrogatesAreEscapedAndPairsKept() {
    assertThat(EventJson.escapeLoneSurrogates("a\uD800b")).isEqualTo("a\\ud800b");
    assertThat(EventJson.escapeLoneSurrogates("\uDFFF")).isEqualTo("\\udfff");
    assertThat(EventJson.escapeLoneSurrogates("x\uD800")).isEqualTo("x\\ud800");
    assertThat(EventJson.escapeLoneSurrogates("\uDC00\uD800")).isEqualTo("\\udc00\\ud800");
    assertThat(EventJson.escapeLoneSurrogates("\uD800\uD800\uDC00"))
        .isEqualTo("\\ud800\uD800\uDC00");
    String emoji = "ok \uD83D\uDE00 fine";
    assertThat(EventJson.escapeLoneSurrogates(emoji)).isSameAs(emoji);
  }

  /**
   * Property: for thousands of nasty strings in every string field, the JSON has no raw CR, LF or
   * NUL, survives a UTF-8 round trip byte for byte, and decodes to exactly the original strings.
   */
  @Test
  void everyStringRoundTripsThroughUtf8AndNeverHoldsALineEnd() {
    NastyStrings strings = new NastyStrings(20261201L);
    for (int i = 0; i < 5000; i++) {
      String message = strings.next(8, false);
      String logger = strings.next(4, false);
      String thread = strings.next(4, true);
      String key = strings.next(3, true);
      String value = strings.next(6, false);
      LogEvent event =
          new LogEvent(
              "1", 2, Level.WARN, logger, "app", "n", thread, message, null, Map.of(key, value));
      String json = EventJson.toJson(event);
      assertThat(json).doesNotContain("\r", "\n", "\u0000");
      String overUtf8 = new String(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
      assertThat(overUtf8).as("UTF-8 safe").isEqualTo(json);
      JsonObject back = Json.createReader(new StringReader(overUtf8)).readObject();
      String what = NastyStrings.describe(message);
      assertThat(back.getString("message")).as(what).isEqualTo(message);
      assertThat(back.getString("logger")).isEqualTo(logger);
      assertThat(back.getString("thread")).isEqualTo(thread);
      assertThat(back.getJsonObject("fields").getString(key)).isEqualTo(value);
    }
  }
}
