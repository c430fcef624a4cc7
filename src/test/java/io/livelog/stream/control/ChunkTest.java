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

  static String data(Frame frame) {
    String text = frame.text();
    assertThat(text).endsWith("\n\n");
    int at = text.indexOf("\ndata: ");
    return text.substring(at + 7, text.length() - 2);
  }

  @Test
  void aChunkIsOneLogsFrameEncodedOnce() {
    List<Recorded> events = record("a", "ü €", "c");
    Chunk chunk = Chunk.of(events);
    Frame frame = chunk.frame();
    assertThat(frame.text())
        .startsWith("event: logs\nid: " + events.get(2).id() + "\ndata: [")
        .endsWith("]\n\n");
    JsonArray array = parse(data(frame));
    assertThat(array).hasSize(3);
    assertThat(array.getJsonObject(1).getString("message")).isEqualTo("ü €");
    assertThat(frame.events()).isEqualTo(3);
    assertThat(frame.lastId()).isEqualTo(events.get(2).id());
    assertThat(chunk.frame()).isSameAs(frame);
    assertThatThrownBy(() -> Chunk.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void joiningCutsEachChunkAtItsStartAndMakesOneArray() {
    List<Recorded> first = record("a", "b", "c");
    List<Recorded> second = record("d");
    Chunk one = Chunk.of(first);
    Chunk two = Chunk.of(second);
    assertThat(one.indexAfter(first.get(0).id())).isEqualTo(1);
    assertThat(one.indexAfter(first.get(0).id() - 1)).isZero();
    assertThat(one.indexAfter(first.get(2).id())).isEqualTo(3);
    Frame joined =
        Chunk.join(new Chunk[] {one, two}, new int[] {one.indexAfter(first.get(0).id()), 0}, 2);
    JsonArray array = parse(data(joined));
    assertThat(array.stream().map(v -> v.asJsonObject().getString("message")))
        .containsExactly("b", "c", "d");
    assertThat(joined.events()).isEqualTo(3);
    assertThat(joined.text()).contains("id: " + second.get(0).id() + "\n");
  }

  @Test
  void dataWithALineBreakBecomesSeveralDataLinesSoNothingEndsAMessageEarly() {
    Frame frame = Frame.event("note", "one\ntwo\r\nthree");
    assertThat(new String(frame.bytes(), StandardCharsets.UTF_8))
        .isEqualTo("event: note\ndata: one\ndata: two\ndata: three\n\n");
    assertThat(Frame.open(2000, "{}").text()).isEqualTo("retry: 2000\ndata: {}\n\n");
    assertThat(Frame.ping().text()).isEqualTo(": ping\n\n");
  }
}
