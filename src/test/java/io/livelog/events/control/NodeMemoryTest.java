package io.livelog.events.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.events.control.NodeMemory.Part;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NodeMemoryTest {

  @Test
  void everyPartIsNamedAndTheTotalIsTheirSum() {
    NodeMemory memory = new NodeMemory(1000);
    memory.measure(Part.HISTORY, () -> 300);
    memory.measure(Part.STREAM, () -> 200);
    assertThat(memory.parts())
        .containsEntry(Part.HISTORY, 300L)
        .containsEntry(Part.STREAM, 200L)
        .containsEntry(Part.RELAY, 0L)
        .containsEntry(Part.CLUSTER, 0L)
        .containsEntry(Part.STORE, 0L);
    assertThat(memory.total()).isEqualTo(500);
    assertThat(memory.over()).isFalse();
  }

  @Test
  void overTheBudgetTheRingsGoFirstAndProducersAreRefusedOnlyWhenTrimmingCannotHelp() {
    NodeMemory memory = new NodeMemory(1000);
    AtomicLong relay = new AtomicLong(100);
    AtomicLong rings = new AtomicLong(800);
    memory.measure(Part.HISTORY, () -> 300);
    memory.measure(Part.RELAY, relay::get);
    memory.measure(Part.STREAM, rings::get);
    memory.trimmable(rings::get);

    assertThat(memory.over()).as("1,200 of 1,000: the stream trims").isTrue();
    assertThat(memory.refuses(100))
        .as("what cannot be trimmed (400 + 100) fits: the producer is taken")
        .isFalse();

    relay.set(650);
    assertThat(memory.refuses(100))
        .as("history and the relay's queue alone (950 + 100) are over it")
        .isTrue();
    rings.set(0);
    assertThat(memory.refuses(0)).isFalse();
  }
}
