package io.livelog.events.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.events.entity.Recorded;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HistoryBufferTest {

  static List<LogEvent> events(int n, String prefix) {
    return IntStream.range(0, n)
        .mapToObj(
            i -> LogEvent.of(i % 2 == 0 ? Level.INFO : Level.ERROR, "log." + i % 3, prefix + i))
        .toList();
  }

  @Test
  void idsStartAtTheStartTimeTimesAThousandAndIncreaseByOne() {
    long before = System.currentTimeMillis() * 1000;
    HistoryBuffer cut = Histories.history(10);
    long after = System.currentTimeMillis() * 1000;
    assertThat(cut.nextId()).isBetween(before, after);
    assertThat(cut.oldestId()).isEmpty();
    assertThat(cut.newestId()).isEmpty();
    List<Recorded> first = cut.record(events(3, "a"));
    List<Recorded> second = cut.record(events(2, "b"));
    List<Long> ids = new ArrayList<>();
    first.forEach(r -> ids.add(r.id()));
    second.forEach(r -> ids.add(r.id()));
    for (int i = 1; i < ids.size(); i++) {
      assertThat(ids.get(i)).isEqualTo(ids.get(i - 1) + 1);
    }
    assertThat(cut.newestId()).hasValue(ids.get(4));
    assertThat(cut.nextId()).isEqualTo(ids.get(4) + 1);
  }

  @Test
  void recordsCarryTheirIdNodeAndJsonSerializedOnce() {
    HistoryBuffer cut = Histories.history(10);
    Recorded r = cut.record(events(1, "m")).get(0);
    assertThat(r.event().id()).isEqualTo(Long.toString(r.id()));
    assertThat(r.event().node()).isEqualTo("test-node");
    JsonObject json = Json.createReader(new StringReader(r.json())).readObject();
    assertThat(json.getString("id")).isEqualTo(Long.toString(r.id()));
    assertThat(json.getString("message")).isEqualTo("m0");
    assertThat(json.containsKey("thrown")).isFalse();
  }

  @Test
  void theRingKeepsOnlyTheNewestAndAfterSkipsWhatIsGone() {
    HistoryBuffer cut = Histories.history(5);
    List<Recorded> all = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      all.addAll(cut.record(events(3, "r" + i + "-")));
    }
    assertThat(cut.size()).isEqualTo(5);
    assertThat(cut.oldestId()).hasValue(all.get(7).id());
    assertThat(cut.newestId()).hasValue(all.get(11).id());
    List<Recorded> afterOld = cut.after(all.get(0).id(), EventFilter.ALL, 100);
    assertThat(afterOld).extracting(Recorded::id).containsExactly(ids(all, 7, 12));
    List<Recorded> afterNine = cut.after(all.get(9).id(), EventFilter.ALL, 100);
    assertThat(afterNine).extracting(Recorded::id).containsExactly(ids(all, 10, 12));
    assertThat(cut.after(all.get(11).id(), EventFilter.ALL, 100)).isEmpty();
    assertThat(cut.after(all.get(11).id() + 1000, EventFilter.ALL, 100)).isEmpty();
    assertThat(cut.after(all.get(0).id(), EventFilter.ALL, 2))
        .extracting(Recorded::id)
        .containsExactly(ids(all, 7, 9));
    assertThat(cut.latest(EventFilter.ALL, 2))
        .extracting(Recorded::id)
        .containsExactly(ids(all, 10, 12));
  }

  @Test
  void afterAndLatestApplyTheFilter() {
    HistoryBuffer cut = Histories.history(100);
    List<Recorded> all = cut.record(events(20, "f"));
    EventFilter errors = EventFilter.of("ERROR", null, null, null);
    List<Recorded> matched = cut.after(all.get(0).id() - 1, errors, 100);
    assertThat(matched).hasSize(10).allMatch(r -> r.event().level() == Level.ERROR);
    assertThat(cut.latest(errors, 3))
        .extracting(Recorded::id)
        .containsExactly(all.get(15).id(), all.get(17).id(), all.get(19).id());
  }

  private static Long[] ids(List<Recorded> all, int from, int to) {
    return all.subList(from, to).stream().map(Recorded::id).toArray(Long[]::new);
  }
}
