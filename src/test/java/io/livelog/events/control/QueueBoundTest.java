package io.livelog.events.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueueBoundTest {

  @Test
  void reservesAllOrNothingWithinBothBounds() {
    QueueBound bound = new QueueBound(10, 1000);
    assertThat(bound.reserve(6, 600)).isTrue();
    assertThat(bound.reserve(5, 100)).as("11 events").isFalse();
    assertThat(bound.reserve(2, 500)).as("1,100 bytes").isFalse();
    assertThat(bound.events()).as("a refusal reserves nothing").isEqualTo(6);
    assertThat(bound.bytes()).isEqualTo(600);
    assertThat(bound.reserve(4, 400)).isTrue();

    bound.release(10, 0);
    bound.release(0, 1000);
    assertThat(bound.events()).isZero();
    assertThat(bound.bytes()).isZero();
  }

  @Test
  void aBatchLargerThanABoundFitsIntoAnEmptyQueueOnly() {
    QueueBound bound = new QueueBound(10, 1000);
    assertThat(bound.reserve(1, 5000)).isTrue();
    assertThat(bound.reserve(1, 1)).isFalse();
    bound.release(1, 5000);
    assertThat(bound.reserve(20, 10)).isTrue();
  }
}
