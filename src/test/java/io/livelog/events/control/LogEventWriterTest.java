package io.livelog.events.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.testsupport.NastyStrings;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogEventWriterTest {

  private static String jsonb(LogEvent event) {
    return EventJson.toJson((Object) event);
  }

  @Test
  void writesWhatJsonbWritesForEveryShapeOfEvent() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("json", JsonFactories.readObject("{\"a\":[1,2.5,\"x\",null,true],\"b\":{}}"));
    fields.put("text", "t\u00e9\u2028\"q\"\n");
    fields.put("int", 42);
    fields.put("long", Long.MAX_VALUE);
    fields.put("double", 1.25);
    fields.put("big", new BigDecimal("12345678901234567890.5"));
    fields.put("bigint", new BigInteger("123456789012345678901234567890"));
    fields.put("flag", false);
    fields.put("none", null);
    fields.put("list", List.of(1, "two", Map.of("three", 3)));
    fields.put("map", Map.of("k", "v"));
    List<LogEvent> events =
        List.of(
            new LogEvent(
                "17",
                1732406400123L,
                Level.WARN,
                "com.acme.Orders",
                "server",
                "payara-1",
                "http-thread-pool::http-listener(3)",
                "Order 42 took 812 ms",
                "java.lang.IllegalStateException: x\n\tat a.b(C.java:1)",
                fields,
                Boolean.TRUE,
                "orders",
                "4bf92f3577b34da6a3ce929d0e0e4736",
                "00f067aa0ba902b7"),
            new LogEvent(null, 0, Level.TRACE, "", "app", null, null, "", null, null),
            new LogEvent(null, -1, null, null, null, null, null, "only a message", null, Map.of()));
    for (LogEvent event : events) {
      assertThat(EventJson.toJson(event)).isEqualTo(jsonb(event));
    }
  }

  @Test
  void nastyTextIsWrittenLikeJsonbWritesIt() {
    NastyStrings strings = new NastyStrings(20261207L);
    for (int i = 0; i < 2000; i++) {
      String text = strings.next(8, true);
      LogEvent event =
          new LogEvent(
              null, i, Level.INFO, text, "app", null, text, text, text, Map.of(text, text));
      assertThat(EventJson.toJson(event)).isEqualTo(jsonb(event));
    }
  }

  @Test
  void aNumberJsonCannotHoldFailsTheEventLikeJsonbDoes() {
    LogEvent event =
        new LogEvent(
            null, 1, Level.INFO, "l", "app", null, null, "m", null, Map.of("x", Double.NaN));
    assertThatThrownBy(() -> EventJson.toJson(event)).isInstanceOf(RuntimeException.class);
  }
}
