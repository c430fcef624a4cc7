package io.livelog.cluster.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.events.control.PreparedEvent;
import io.livelog.events.entity.Level;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Bodies read from the grid are validated: nothing unreadable or frame-breaking goes out. */
class EventBodiesTest {

  final AtomicInteger unreadable = new AtomicInteger();

  PreparedEvent read(String body) {
    return EventBodies.prepared(body, unreadable::incrementAndGet);
  }

  @Test
  void aGoodBodyIsKeptAsItIs() {
    String body = "{\"ts\":1,\"level\":\"ERROR\",\"logger\":\"a.b\",\"message\":\"m\"}";
    PreparedEvent event = read(body);
    assertThat(event.body()).isSameAs(body);
    assertThat(event.event().level()).isEqualTo(Level.ERROR);
    assertThat(unreadable).hasValue(0);
  }

  @Test
  void whatIsNotAJsonObjectBecomesACountedPlaceholderNeverRawText() {
    for (String bad : new String[] {"not json\n\ndata: x", "[1,2]", "{}", "{\"a\":", ""}) {
      PreparedEvent event = read(bad);
      assertThat(event.body()).doesNotContain("data: x").startsWith("{").doesNotContain("\n");
      assertThat(event.event().message()).isEqualTo(EventBodies.UNREADABLE);
      assertThat(event.event().level()).isEqualTo(Level.WARN);
    }
    assertThat(unreadable).hasValue(5);
  }

  @Test
  void aLineBreakBetweenTokensOrAnIdOfItsOwnIsWrittenAway() {
    PreparedEvent broken = read("{\"message\":\"m\",\n\"logger\":\"x\"}");
    assertThat(broken.body()).doesNotContain("\n").contains("\"logger\":\"x\"");
    PreparedEvent withId = read("{\"id\":\"999\",\"message\":\"m\"}");
    assertThat(withId.body()).doesNotContain("999").contains("\"message\":\"m\"");
    assertThat(unreadable).hasValue(0);
  }
}
