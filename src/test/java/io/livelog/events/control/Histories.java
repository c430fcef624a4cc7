package io.livelog.events.control;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.events.entity.Recorded;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/** Builds the events beans without a container, through their package-private injection points. */
public final class Histories {

  private Histories() {}

  public static Node node(String name) {
    Node node = new Node();
    node.configured = Optional.of(name);
    node.init();
    return node;
  }

  public static HistoryBuffer history(int capacity) {
    return history(capacity, 64L << 20);
  }

  public static HistoryBuffer history(int capacity, long maxBytes) {
    HistoryBuffer history = new HistoryBuffer();
    history.capacity = capacity;
    history.maxBytes = maxBytes;
    history.init();
    return history;
  }

  public static EventPreparer preparer(int maxChars) {
    EventPreparer preparer = new EventPreparer();
    preparer.maxChars = maxChars;
    preparer.node = node("test-node");
    return preparer;
  }

  private static final EventPreparer PREPARER = preparer(65536);

  /** Records {@code n} INFO events with the messages m0, m1, …; returns the first one's id. */
  public static long recordMessages(HistoryBuffer history, int n) {
    long first = history.nextId();
    record(
        history,
        IntStream.range(0, n).mapToObj(i -> LogEvent.of(Level.INFO, "l", "m" + i)).toList());
    return first;
  }

  /** What the relay does with events: prepare each, then record them. */
  public static List<Recorded> record(HistoryBuffer history, List<LogEvent> events) {
    return history.record(events.stream().map(e -> PREPARER.prepare(e).orElseThrow()).toList());
  }
}
