package io.livelog.events.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventFilterTest {

  static LogEvent event(Level level, String logger, String source, String message) {
    return new LogEvent(null, 0, level, logger, source, null, null, message, null, null);
  }

  @Test
  void noParametersIsAllAndMatchesEverything() {
    EventFilter cut = EventFilter.of(null, null, null, null);
    assertThat(cut).isSameAs(EventFilter.ALL);
    assertThat(EventFilter.of("", List.of(), List.of(), "")).isSameAs(EventFilter.ALL);
    assertThat(cut.matches(event(Level.TRACE, "", "x", ""))).isTrue();
  }

  @Test
  void levelIsAMinimumAndTakesAliases() {
    EventFilter warn = EventFilter.of("warning", null, null, null);
    assertThat(warn.matches(event(Level.INFO, "a", "app", "m"))).isFalse();
    assertThat(warn.matches(event(Level.WARN, "a", "app", "m"))).isTrue();
    assertThat(warn.matches(event(Level.ERROR, "a", "app", "m"))).isTrue();
    assertThat(warn).isEqualTo(EventFilter.of("WARN", null, null, null));
  }

  @Test
  void loggerIsARepeatablePrefixAndSourceARepeatableExactName() {
    EventFilter cut = EventFilter.of(null, List.of("com.acme", "org.x"), List.of("http"), null);
    assertThat(cut.matches(event(Level.INFO, "com.acme.orders.A", "http", "m"))).isTrue();
    assertThat(cut.matches(event(Level.INFO, "org.x.Y", "http", "m"))).isTrue();
    assertThat(cut.matches(event(Level.INFO, "net.acme", "http", "m"))).isFalse();
    assertThat(cut.matches(event(Level.INFO, "com.acme.A", "server", "m"))).isFalse();
    EventFilter twoSources = EventFilter.of(null, null, List.of("http", "server"), null);
    assertThat(twoSources.matches(event(Level.INFO, "l", "server", "m"))).isTrue();
    assertThat(twoSources.matches(event(Level.INFO, "l", "serverx", "m"))).isFalse();
  }

  @Test
  void appIsARepeatableExactNameAndPartOfTheKey() {
    LogEvent orders = event(Level.INFO, "l", "server", "m").withApp("orders");
    LogEvent server = event(Level.INFO, "l", "server", "m").withApp("server");
    LogEvent none = event(Level.INFO, "l", "http", "m");
    EventFilter cut = EventFilter.of(null, null, null, List.of("orders", "billing"), null);
    assertThat(cut.matches(orders)).isTrue();
    assertThat(cut.matches(server)).isFalse();
    assertThat(cut.matches(none)).isFalse();
    assertThat(cut).isNotEqualTo(EventFilter.ALL);
    assertThat(cut.key()).isNotEqualTo(EventFilter.of(null, null, List.of("orders"), null).key());
    assertThat(EventFilter.of(null, null, null, List.of(), null)).isSameAs(EventFilter.ALL);
    assertThatThrownBy(() -> EventFilter.of(null, null, null, List.of(""), null))
        .isInstanceOfSatisfying(
            InvalidFilterException.class, e -> assertThat(e.field()).isEqualTo("app"));
  }

  @Test
  void queryIsACaseInsensitiveSubstring() {
    EventFilter cut = EventFilter.of(null, null, null, "ORDER 42");
    assertThat(cut.matches(event(Level.INFO, "l", "app", "the order 42 took"))).isTrue();
    assertThat(cut.matches(event(Level.INFO, "l", "app", "Order 43"))).isFalse();
  }

  @Test
  void allConditionsCombine() {
    EventFilter cut = EventFilter.of("WARN", List.of("com.acme"), List.of("app"), "slow");
    assertThat(cut.matches(event(Level.ERROR, "com.acme.A", "app", "Slow query"))).isTrue();
    assertThat(cut.matches(event(Level.INFO, "com.acme.A", "app", "Slow query"))).isFalse();
    assertThat(cut.matches(event(Level.ERROR, "org.A", "app", "Slow query"))).isFalse();
    assertThat(cut.matches(event(Level.ERROR, "com.acme.A", "http", "Slow query"))).isFalse();
    assertThat(cut.matches(event(Level.ERROR, "com.acme.A", "app", "fast"))).isFalse();
  }

  @Test
  void equalFiltersShareOneKeyWhateverTheOrderOfRepeatedValues() {
    EventFilter a = EventFilter.of("warn", List.of("b", "a"), List.of("y", "x"), "Q");
    EventFilter b = EventFilter.of("WARNING", List.of("a", "b"), List.of("x", "y"), "q");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.key()).isEqualTo(b.key());
    assertThat(a).isNotEqualTo(EventFilter.of("warn", List.of("a"), List.of("x", "y"), "q"));
    // values that could collide if joined naively stay distinct
    assertThat(EventFilter.of(null, List.of("a"), List.of("b"), null))
        .isNotEqualTo(EventFilter.of(null, List.of("a", "b"), null, null));
  }

  @Test
  void invalidValuesNameTheirParameter() {
    assertField(() -> EventFilter.of("LOUD", null, null, null), "level");
    assertField(() -> EventFilter.of(null, List.of(""), null, null), "logger");
    assertField(() -> EventFilter.of(null, List.of("a\nb"), null, null), "logger");
    assertField(() -> EventFilter.of(null, null, Arrays.asList(" "), null), "source");
    assertField(() -> EventFilter.of(null, null, List.of("x".repeat(501)), null), "source");
    assertField(() -> EventFilter.of(null, null, null, "q".repeat(1001)), "q");
  }

  private static void assertField(Runnable call, String field) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            InvalidFilterException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  @Test
  void aStoredRowIsSkippedUnparsedOnlyWhenItsJsonCannotHoldTheSearchText() {
    String json =
        EventJson.toJson(event(Level.INFO, "a", "app", "Order \"42\" FAILED\tat C:\\tmp é\n next"));
    EventFilter failed = EventFilter.of(null, null, null, "order \"42\" failed");
    EventFilter plain = EventFilter.of(null, null, null, "FAILED");
    EventFilter absent = EventFilter.of(null, null, null, "timeout");
    // a text JSON would escape is never decided from the JSON
    assertThat(failed.mayMatchJson(json)).isTrue();
    assertThat(plain.mayMatchJson(json)).isTrue();
    assertThat(absent.mayMatchJson(json)).isFalse();
    assertThat(EventFilter.ALL.mayMatchJson(json)).isTrue();
    // whatever the JSON prefilter lets through, the event itself decides
    LogEvent parsed = io.livelog.cluster.control.EventBodies.event(json);
    assertThat(plain.matches(parsed)).isTrue();
    assertThat(failed.matches(parsed)).isTrue();
    assertThat(absent.matches(parsed)).isFalse();
  }
}
