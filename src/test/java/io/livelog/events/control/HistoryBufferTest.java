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
    List<Recorded> first = Histories.record(cut, events(3, "a"));
    List<Recorded> second = Histories.record(cut, events(2, "b"));
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
    Recorded r = Histories.record(cut, events(1, "m")).get(0);
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
      all.addAll(Histories.record(cut, events(3, "r" + i + "-")));
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
    List<Recorded> all = Histories.record(cut, events(20, "f"));
    EventFilter errors = EventFilter.of("ERROR", null, null, null);
    List<Recorded> matched = cut.after(all.get(0).id() - 1, errors, 100);
    assertThat(matched).hasSize(10).allMatch(r -> r.event().level() == Level.ERROR);
    assertThat(cut.latest(errors, 3))
        .extracting(Recorded::id)
        .containsExactly(all.get(15).id(), all.get(17).id(), all.get(19).id());
  }

  @Test
  void theByteBudgetEvictsOldestFirstWhateverTheCount() {
    HistoryBuffer cut = Histories.history(1000, 10_000);
    String kilobyte = "x".repeat(1000);
    List<Recorded> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      all.addAll(Histories.record(cut, List.of(LogEvent.of(Level.INFO, "big", kilobyte + i))));
    }
    // each event holds its UTF-8 JSON and its strings on the heap: about 2.2 KB here
    int each = all.get(29).retainedBytes();
    assertThat(each).isBetween(2_000, 2_600);
    assertThat(cut.bytes()).isLessThanOrEqualTo(10_000);
    assertThat(cut.size()).isEqualTo(10_000 / each);
    assertThat(cut.newestId()).hasValue(all.get(29).id());
    assertThat(cut.oldestId()).hasValue(all.get(30 - cut.size()).id());
    // an event larger than the whole budget is still held, alone
    Recorded huge =
        Histories.record(cut, List.of(LogEvent.of(Level.INFO, "huge", "y".repeat(20_000)))).get(0);
    assertThat(cut.size()).isEqualTo(1);
    assertThat(cut.oldestId()).hasValue(huge.id());
  }

  @Test
  void afterAtTheLargestIdOrBeyondTheNewestReturnsNothing() {
    HistoryBuffer cut = Histories.history(100);
    List<Recorded> all = Histories.record(cut, events(10, "z"));
    assertThat(cut.after(Long.MAX_VALUE, EventFilter.ALL, 100)).isEmpty();
    assertThat(cut.after(Long.MAX_VALUE - 1, EventFilter.ALL, 100)).isEmpty();
    assertThat(cut.after(all.get(9).id(), EventFilter.ALL, 100)).isEmpty();
    assertThat(cut.after(0, EventFilter.ALL, 100)).hasSize(10);
  }

  @Test
  void beforePagesBackwardsOldestFirst() {
    HistoryBuffer cut = Histories.history(2000);
    List<Recorded> all = Histories.record(cut, events(1500, "b"));
    assertThat(cut.before(all.get(10).id(), EventFilter.ALL, 3))
        .extracting(Recorded::id)
        .containsExactly(ids(all, 7, 10));
    assertThat(cut.before(all.get(2).id(), EventFilter.ALL, 100))
        .extracting(Recorded::id)
        .containsExactly(ids(all, 0, 2));
    assertThat(cut.before(all.get(0).id(), EventFilter.ALL, 100)).isEmpty();
    // across slices, with a filter
    EventFilter errors = EventFilter.of("ERROR", null, null, null);
    List<Recorded> page = cut.before(all.get(1400).id(), errors, 600);
    assertThat(page).hasSize(600).allMatch(r -> r.event().level() == Level.ERROR);
    assertThat(page.get(599).id()).isEqualTo(all.get(1399).id());
    assertThat(page.get(0).id()).isEqualTo(all.get(201).id());
  }

  @Test
  void aPageNamesWhatWasEvictedBeforeItCouldBeRead() {
    HistoryBuffer cut = Histories.history(10);
    List<Recorded> all = Histories.record(cut, events(30, "p"));
    HistoryBuffer.Snapshot snapshot = cut.snapshot();
    assertThat(snapshot.first()).isEqualTo(all.get(20).id());
    assertThat(snapshot.next()).isEqualTo(all.get(29).id() + 1);
    HistoryBuffer.Page page = cut.page(all.get(4).id(), snapshot.next(), EventFilter.ALL, 100);
    assertThat(page.missed()).isTrue();
    assertThat(page.missedFrom()).isEqualTo(all.get(5).id());
    assertThat(page.missedTo()).isEqualTo(all.get(19).id());
    assertThat(page.events()).extracting(Recorded::id).containsExactly(ids(all, 20, 30));
    assertThat(page.scannedTo()).isEqualTo(all.get(29).id());
    HistoryBuffer.Page none = cut.page(all.get(29).id(), snapshot.next(), EventFilter.ALL, 100);
    assertThat(none.missed()).isFalse();
    assertThat(none.events()).isEmpty();
  }

  private static Long[] ids(List<Recorded> all, int from, int to) {
    return all.subList(from, to).stream().map(Recorded::id).toArray(Long[]::new);
  }
}
