package io.livelog.stream.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.events.control.EventFilter;
import io.livelog.events.control.Histories;
import io.livelog.events.control.HistoryBuffer;
import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReplayTest {

  final HistoryBuffer history = Histories.history(100);
  final StreamMemory memory = new StreamMemory(1L << 30);

  @Test
  void aPageThatGotNoFurtherIsTriedAgainAfterAHeartbeatNotTakenForTheEnd() {
    long first = history.nextId();
    Histories.record(
        history,
        IntStream.range(0, 5).mapToObj(i -> LogEvent.of(Level.INFO, "l", "m" + i)).toList());
    long end = history.nextId();
    AtomicInteger stalled = new AtomicInteger(2);
    ReplayPages pages =
        new ReplayPages(
            (after, before, filter, limit) ->
                stalled.getAndDecrement() > 0
                    // as StoredHistory answers while the store's writer is behind
                    ? new HistoryBuffer.Page(List.of(), -1, -1, after)
                    : history.page(after, before, filter, limit),
            memory);
    Replay cut = new Replay(pages, EventFilter.ALL, first - 1, end, memory, first);

    assertThat(cut.next()).isEqualTo(Frame.ping());
    assertThat(cut.next()).isEqualTo(Frame.ping());
    Frame events = cut.next();
    assertThat(events.events()).isEqualTo(5);
    assertThat(events.lastId()).isEqualTo(end - 1);
    assertThat(cut.next()).isNull();
  }
}
