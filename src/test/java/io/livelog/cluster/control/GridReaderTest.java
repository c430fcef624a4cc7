package io.livelog.cluster.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.events.control.EventFilter;
import io.livelog.events.control.EventJson;
import io.livelog.events.control.Histories;
import io.livelog.events.control.HistoryBuffer;
import io.livelog.events.entity.HistoryRestarted;
import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.events.entity.Recorded;
import io.livelog.stats.control.Counters;
import io.livelog.stats.control.Counters.Drop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cluster reader against an in-memory log: ids, catching up, falling behind, a lost log. */
class GridReaderTest {

  static final long BASE = 1_000_000;

  final FakeGrid grid = new FakeGrid(5);
  final HistoryBuffer history = Histories.history(100);
  final Counters counters = new Counters();
  final List<Recorded> delivered = new ArrayList<>();
  final List<HistoryRestarted> restarts = new ArrayList<>();
  final GridReader reader =
      new GridReader(grid, history, counters, b -> delivered.addAll(b.events()), restarts::add);

  @Test
  void everyEventGetsBasePlusSequenceInOrder() throws Exception {
    grid.add("a", "b");
    reader.open();
    drain();
    grid.add("c");
    drain();
    assertThat(delivered).extracting(Recorded::id).containsExactly(BASE, BASE + 1, BASE + 2);
    assertThat(delivered).extracting(r -> r.event().message()).containsExactly("a", "b", "c");
    assertThat(delivered.get(0).json()).startsWith("{\"id\":\"" + BASE + "\",");
    assertThat(history.after(BASE - 1, EventFilter.ALL, 10)).hasSize(3);
    // history continued at the log's first id when the reader opened: the first read is no
    // restart, so streams opened before it (an empty log, nothing captured) are not cut
    assertThat(restarts).isEmpty();
  }

  @Test
  void everyRecordedBatchGoesToTheStoreWithItsIds() throws Exception {
    List<Recorded> stored = new ArrayList<>();
    GridReader storing =
        new GridReader(
            grid,
            history,
            counters,
            b -> delivered.addAll(b.events()),
            restarts::add,
            stored::addAll);
    grid.add("a", "b");
    storing.open();
    drain(storing);
    grid.add("c");
    drain(storing);
    assertThat(stored).extracting(Recorded::id).containsExactly(BASE, BASE + 1, BASE + 2);
    assertThat(stored).isEqualTo(delivered);
  }

  @Test
  void aJoiningNodeStartsAtTheHeadOfWhatTheLogHolds() throws Exception {
    grid.add("1", "2", "3", "4", "5", "6", "7");
    reader.open();
    drain();
    assertThat(delivered)
        .extracting(Recorded::id)
        .containsExactly(BASE + 2, BASE + 3, BASE + 4, BASE + 5, BASE + 6);
    assertThat(counters.dropped(Drop.clusterBehind)).isZero();
  }

  @Test
  void fallingBehindRestartsHistoryCountsAndEndsStreamsNeverSkipsSilently() throws Exception {
    grid.add("1");
    reader.open();
    drain();
    grid.add("2", "3", "4", "5", "6", "7", "8"); // capacity 5: "2" and "3" are overwritten
    drain();
    assertThat(delivered)
        .extracting(Recorded::id)
        .containsExactly(BASE, BASE + 3, BASE + 4, BASE + 5, BASE + 6, BASE + 7);
    assertThat(restarts).last().isEqualTo(new HistoryRestarted(BASE + 1, BASE + 3));
    assertThat(counters.dropped(Drop.clusterBehind)).isEqualTo(2);
    HistoryBuffer.Page page = history.page(BASE, Long.MAX_VALUE, EventFilter.ALL, 10);
    assertThat(page.missedFrom()).isEqualTo(BASE + 1);
    assertThat(page.missedTo()).isEqualTo(BASE + 2);
  }

  @Test
  void aReplacedLogNeverMakesIdsGoBack() throws Exception {
    grid.add("1", "2", "3");
    reader.open();
    drain();
    grid.replace(); // the other side's log after a partition healed: same base, shorter
    grid.add("x");
    drain();
    grid.add("y", "z", "w");
    drain();
    assertThat(delivered).extracting(Recorded::id).isSorted().doesNotHaveDuplicates();
    assertThat(delivered).extracting(r -> r.event().message()).containsExactly("1", "2", "3", "w");
    assertThat(counters.dropped(Drop.clusterRewound)).isEqualTo(3);
  }

  private void drain() throws InterruptedException {
    drain(reader);
  }

  private static void drain(GridReader reader) throws InterruptedException {
    while (reader.step(0)) {
      // read until nothing is left
    }
  }

  static String body(String message) {
    String json =
        EventJson.toJson(
            new LogEvent(null, 1, Level.WARN, "l", "app", "n1", null, message, null, Map.of()));
    return json.replace("\"fields\":{},", "");
  }

  /** A ringbuffer in memory with the Hazelcast semantics the reader relies on. */
  static class FakeGrid implements Grid {
    final int capacity;
    final List<String> items = new ArrayList<>();
    long head;

    FakeGrid(int capacity) {
      this.capacity = capacity;
    }

    void add(String... messages) {
      for (String message : messages) {
        items.add(body(message));
      }
      head = Math.max(head, items.size() - capacity);
    }

    void replace() {
      items.clear();
      head = 0;
    }

    @Override
    public long base() {
      return BASE;
    }

    @Override
    public long head() {
      return head;
    }

    @Override
    public long tail() {
      return items.size() - 1;
    }

    @Override
    public long append(List<String> bodies, long timeoutMillis) throws Exception {
      items.addAll(bodies);
      return tail();
    }

    @Override
    public Read read(long from, int max, long timeoutMillis) {
      if (from > tail() + 1) {
        throw new IllegalArgumentException("sequence beyond tail");
      }
      long start = Math.max(from, head);
      if (start > tail()) {
        return null;
      }
      int end = (int) Math.min(items.size(), start + max);
      return new Read(start, List.copyOf(items.subList((int) start, end)));
    }

    @Override
    public int members() {
      return 1;
    }

    @Override
    public boolean running() {
      return true;
    }

    @Override
    public void publish(String node, String json) {}

    @Override
    public Map<String, String> nodes() {
      return Map.of();
    }

    @Override
    public void close() {}
  }
}
