package io.livelog.stream.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livelog.events.control.Histories;
import io.livelog.events.control.HistoryBuffer;
import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.events.entity.Recorded;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Chunks and payloads: encoded once, joined without copies, cut at an id. */
class ChunkTest {

  final HistoryBuffer history = Histories.history(100);

  List<Recorded> record(String... messages) {
    return Histories.record(
        history,
        IntStream.range(0, messages.length)
            .mapToObj(i -> LogEvent.of(Level.INFO, "c", messages[i]))
            .toList());
  }

  static JsonArray parse(String json) {
    return Json.createReader(new StringReader(json)).readArray();
  }

  @Test
  void aChunkIsTheEventsJsonArrayInUtf8() {
    List<Recorded> events = record("a", "é\u2028\uD83D\uDE00");
    Chunk chunk = Chunk.of(events);
    String text = new String(chunk.array(), StandardCharsets.UTF_8);
    JsonArray array = parse(text);
    assertThat(array).hasSize(2);
    assertThat(array.getJsonObject(1).getString("message")).isEqualTo("é\u2028\uD83D\uDE00");
    assertThat(chunk.firstId()).isEqualTo(events.get(0).id());
    assertThat(chunk.lastId()).isEqualTo(events.get(1).id());
    assertThat(chunk.innerLength()).isEqualTo(chunk.array().length - 2);
    assertThatThrownBy(() -> Chunk.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void afterCutsTheEventsUpToAnId() {
    List<Recorded> events = record("a", "b", "c");
    Chunk chunk = Chunk.of(events);
    assertThat(chunk.after(events.get(0).id() - 1)).isSameAs(chunk);
    Chunk tail = chunk.after(events.get(1).id());
    assertThat(tail.size()).isEqualTo(1);
    assertThat(
            parse(new String(tail.array(), StandardCharsets.UTF_8))
                .getJsonObject(0)
                .getString("message"))
        .isEqualTo("c");
  }

  @Test
  void aPayloadOfOneChunkIsItsBytesAndOfManyIsOneArray() {
    Chunk one = Chunk.of(record("a", "b"));
    Chunk two = Chunk.of(record("c"));
    Payload single = Payload.of(List.of(one));
    assertThat(single.toString().getBytes(StandardCharsets.UTF_8)).isEqualTo(one.array());
    assertThat(single.length()).isEqualTo(one.array().length);
    Payload joined = Payload.of(List.of(one, two));
    JsonArray array = parse(joined.toString());
    assertThat(array)
        .extracting(v -> v.asJsonObject().getString("message"))
        .containsExactly("a", "b", "c");
    assertThat(joined.length())
        .isEqualTo(joined.toString().getBytes(StandardCharsets.UTF_8).length);
  }
}
