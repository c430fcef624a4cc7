package io.livelog.events.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventPreparerTest {

  EventPreparer cut = Histories.preparer(10);

  @Test
  void aLongMessageAndStackTraceAreCutAndMarked() {
    LogEvent event = LogEvent.of(Level.ERROR, "l", "0123456789abc").withThrown("t".repeat(50));
    PreparedEvent prepared = cut.prepare(event).orElseThrow();
    assertThat(prepared.event().message()).isEqualTo("0123456789");
    assertThat(prepared.event().thrown()).hasSize(10);
    JsonObject json = Json.createReader(new StringReader(prepared.body())).readObject();
    assertThat(json.getBoolean("truncated")).isTrue();
    assertThat(json.containsKey("id")).isFalse();
  }

  @Test
  void aShortEventIsNotMarked() {
    PreparedEvent prepared = cut.prepare(LogEvent.of(Level.INFO, "l", "short")).orElseThrow();
    assertThat(prepared.body()).doesNotContain("truncated");
    assertThat(prepared.event().node()).isEqualTo("test-node");
  }

  @Test
  void aCutNeverSplitsASurrogatePair() {
    String text = "123456789\uD83D\uDE00tail";
    PreparedEvent prepared = cut.prepare(LogEvent.of(Level.INFO, "l", text)).orElseThrow();
    assertThat(prepared.event().message()).isEqualTo("123456789");
  }

  @Test
  void theIdIsSplicedInFirst() {
    PreparedEvent prepared =
        Histories.preparer(100).prepare(LogEvent.of(Level.INFO, "l", "m")).get();
    JsonObject json = Json.createReader(new StringReader(prepared.jsonWithId(42))).readObject();
    assertThat(json.getString("id")).isEqualTo("42");
    assertThat(json.getString("message")).isEqualTo("m");
    assertThat(prepared.jsonWithId(42)).startsWith("{\"id\":\"42\",");
  }

  @Test
  void anEventThatCannotBeSerializedIsRefusedAloneWithoutThrowing() {
    LogEvent nan = LogEvent.of(Level.INFO, "l", "nan").withFields(Map.of("x", Double.NaN));
    assertThat(cut.prepare(nan)).isEmpty();
    LogEvent throwing =
        LogEvent.of(Level.INFO, "l", "bean").withFields(Map.of("bean", new ThrowingBean()));
    assertThat(cut.prepare(throwing)).isEmpty();
    Map<String, Object> cyclic = new HashMap<>();
    cyclic.put("self", cyclic);
    assertThat(cut.prepare(LogEvent.of(Level.INFO, "l", "cycle").withFields(cyclic))).isEmpty();
    assertThat(cut.prepare(LogEvent.of(Level.INFO, "l", "fine").withFields(Map.of("n", 1))))
        .isPresent();
  }

  /** A bean whose getter throws an Error, as a broken producer's object might. */
  public static final class ThrowingBean {
    public String getValue() {
      throw new AssertionError("broken getter");
    }
  }
}
