package io.livelog.stream.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How long a stream may stay quiet before it is pinged. */
class StreamSettingsTest {

  static StreamSettings heartbeat(int seconds) {
    return new StreamSettings(10, 10, 10, 1 << 20, 64L << 20, 30, seconds, 5, 2500, 1, 1, 0);
  }

  static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  @Test
  void aSmallNodeProbesEachQuietStreamEverySecondSoAClosedOneIsFoundSoon() {
    assertThat(millis(heartbeat(15).quietNanos(1))).isEqualTo(1_000);
    assertThat(millis(heartbeat(15).quietNanos(500))).isEqualTo(1_000);
  }

  @Test
  void aBigNodeSpacesItsProbesUpToTheHeartbeat() {
    assertThat(millis(heartbeat(15).quietNanos(2_000))).isEqualTo(4_000);
    assertThat(millis(heartbeat(15).quietNanos(7_500))).isEqualTo(15_000);
    assertThat(millis(heartbeat(15).quietNanos(50_000))).isEqualTo(15_000);
  }

  @Test
  void aShortHeartbeatIsKept() {
    assertThat(millis(heartbeat(1).quietNanos(50_000))).isEqualTo(1_000);
  }
}
