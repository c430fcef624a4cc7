package io.livelog.store.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which node of a cluster sharing one DataSource stores an event read from the grid. */
class StoreOnceTest {

  static final Set<String> LIVE = Set.of("node-b", "node-a", "node-c");

  /** The nodes that would store an event from {@code origin}: exactly one, whatever it says. */
  static List<String> storers(String origin) {
    return LIVE.stream().filter(me -> StoreOnce.stores(origin, me, LIVE)).toList();
  }

  @Test
  void theNodeThatRecordedItStoresIt() {
    assertThat(storers("node-b")).containsExactly("node-b");
    assertThat(storers("node-c")).containsExactly("node-c");
  }

  @Test
  void aNodeNameFromTheProducerOrANodeThatLeftFallsToTheFirstLiveNode() {
    assertThat(storers("k8s-worker-7")).containsExactly("node-a");
    assertThat(storers(null)).containsExactly("node-a");
    // node-a left: what it recorded and the others have not stored falls to node-b
    Set<String> withoutA = Set.of("node-b", "node-c");
    assertThat(StoreOnce.stores("node-a", "node-b", withoutA)).isTrue();
    assertThat(StoreOnce.stores("node-a", "node-c", withoutA)).isFalse();
  }

  @Test
  void aNodeNotYetSeenLiveIsCoveredByTheFirstLiveNodeTooAndTheRowInsertedOnce() {
    // for a moment both offer the row; StoreSql.appendAbsent inserts it once
    assertThat(StoreOnce.stores("node-d", "node-d", LIVE)).isTrue();
    assertThat(StoreOnce.stores("node-d", "node-a", LIVE)).isTrue();
  }
}
