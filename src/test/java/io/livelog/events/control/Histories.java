package io.livelog.events.control;

import java.util.Optional;

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
    HistoryBuffer history = new HistoryBuffer();
    history.capacity = capacity;
    history.node = node("test-node");
    history.init();
    return history;
  }
}
