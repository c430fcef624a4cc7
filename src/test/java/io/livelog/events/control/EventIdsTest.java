package io.livelog.events.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventIdsTest {

  @Test
  void anIdIsADecimalNonNegativeLongAndNothingIsEmpty() {
    assertThat(EventIds.parse("after", "1207")).hasValue(1207);
    assertThat(EventIds.parse("after", " 42 ")).hasValue(42);
    assertThat(EventIds.parse("after", "9223372036854775807")).hasValue(Long.MAX_VALUE);
    assertThat(EventIds.parse("after", null)).isEmpty();
    assertThat(EventIds.parse("after", "")).isEmpty();
  }

  @Test
  void anythingElseIsRefusedNamingTheField() {
    for (String bad : new String[] {"abc", "-1", "1.5", "0x10", "99999999999999999999"}) {
      assertThatThrownBy(() -> EventIds.parse("Last-Event-ID", bad))
          .isInstanceOfSatisfying(
              InvalidFilterException.class, e -> assertThat(e.field()).isEqualTo("Last-Event-ID"));
    }
  }
}
