package io.livelog.events.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import org.junit.jupiter.api.Test;

class HistorySearchTest {

  static LogEvent event(long ts, String message) {
    return new LogEvent("1", ts, Level.INFO, "l", "app", null, null, message, null, null);
  }

  @Test
  void timeRangeInIsoOrEpochMillis() {
    HistorySearch search =
        HistorySearch.of(EventFilter.ALL, "2026-12-07T00:00:00Z", "1796601600500", null, 1000);
    assertThat(search.test(event(1796601600000L, "x"))).isTrue();
    assertThat(search.test(event(1796601600501L, "x"))).isFalse();
    assertThat(search.test(event(1796601599999L, "x"))).isFalse();
  }

  @Test
  void badValuesNameTheirField() {
    assertThatThrownBy(() -> HistorySearch.of(EventFilter.ALL, "yesterday", null, null, 1))
        .isInstanceOf(InvalidFilterException.class)
        .extracting("field")
        .isEqualTo("from");
    assertThatThrownBy(() -> HistorySearch.of(EventFilter.ALL, "5", "4", null, 1))
        .extracting("field")
        .isEqualTo("to");
    assertThatThrownBy(() -> HistorySearch.of(EventFilter.ALL, null, null, "(unclosed", 1))
        .extracting("field")
        .isEqualTo("regex");
    assertThatThrownBy(() -> HistorySearch.of(EventFilter.ALL, null, null, "a".repeat(501), 1))
        .extracting("field")
        .isEqualTo("regex");
  }

  @Test
  void aMatchStillRunningAtTheDeadlineStops() {
    // a budget of 0: the deadline has passed by the first check (every 1024 characters read)
    HistorySearch search = HistorySearch.of(EventFilter.ALL, null, null, "(a|aa)+b", 0);
    assertThatThrownBy(() -> search.test(event(0, "a".repeat(5000))))
        .isInstanceOf(HistorySearch.Expired.class);
  }

  @Test
  void theRegexIsFoundAnywhereInTheMessage() {
    HistorySearch search = HistorySearch.of(EventFilter.ALL, null, null, "order \\d+ failed", 1000);
    assertThat(search.test(event(0, "oh: order 42 failed twice"))).isTrue();
    assertThat(search.test(event(0, "order x failed"))).isFalse();
  }
}
