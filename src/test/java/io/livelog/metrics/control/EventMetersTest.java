package io.livelog.metrics.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.events.entity.Alert;
import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.events.entity.Recorded;
import io.livelog.events.entity.RecordedBatch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventMetersTest {

  SimpleMeterRegistry registry;
  EventMeters cut;

  @BeforeEach
  void init() {
    registry = new SimpleMeterRegistry();
    cut = new EventMeters();
    cut.maxSources = 3;
    cut.clock = () -> 10_000;
    cut.bind(registry);
  }

  static Recorded event(long id, String source, Level level, long ts) {
    LogEvent event =
        new LogEvent(null, ts, level, "com.acme.X", source, "n", null, "m", null, null)
            .withId(id, "n");
    return new Recorded(id, event, "{}");
  }

  double recorded(String source, Level level) {
    var counter =
        registry
            .find("livelog.events.recorded")
            .tag("source", source)
            .tag("level", level.name())
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void countsBySourceAndLevel() {
    cut.onRecorded(
        new RecordedBatch(
            List.of(
                event(1, "server", Level.ERROR, 9_000),
                event(2, "server", Level.ERROR, 9_500),
                event(3, "billing", Level.INFO, 1),
                event(4, "server", Level.WARN, 10_000))));
    assertThat(recorded("server", Level.ERROR)).isEqualTo(2);
    assertThat(recorded("server", Level.WARN)).isEqualTo(1);
    assertThat(recorded("billing", Level.INFO)).isEqualTo(1);
    assertThat(recorded("billing", Level.ERROR)).isZero();
  }

  @Test
  void sourcesBeyondTheCapAreOther() {
    List<Recorded> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      events.add(event(i + 1, "producer-" + i, Level.INFO, 1));
    }
    cut.onRecorded(new RecordedBatch(events));
    cut.onRecorded(new RecordedBatch(List.of(event(11, "producer-0", Level.INFO, 1))));
    assertThat(recorded("producer-0", Level.INFO)).isEqualTo(2);
    assertThat(recorded("producer-1", Level.INFO)).isEqualTo(1);
    assertThat(recorded("producer-2", Level.INFO)).isEqualTo(1);
    assertThat(recorded("other", Level.INFO)).isEqualTo(7);
    assertThat(
            registry.find("livelog.events.recorded").counters().stream()
                .map(c -> c.getId().getTag("source"))
                .distinct())
        .containsExactlyInAnyOrder("producer-0", "producer-1", "producer-2", "other");
  }

  @Test
  void theDelayIsTimedOnlyForEventsThisServerStamped() {
    cut.onRecorded(
        new RecordedBatch(
            List.of(
                event(1, "server", Level.INFO, 9_000),
                event(2, "app", Level.INFO, 9_800),
                event(3, "billing", Level.INFO, 1),
                event(4, "server", Level.INFO, 20_000))));
    var timer = registry.find("livelog.record.delay").timer();
    assertThat(timer.count()).isEqualTo(2);
    assertThat(timer.max(TimeUnit.MILLISECONDS)).isEqualTo(1000);
    assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1200);
  }

  @Test
  void alertsAreCountedByRule() {
    cut.onAlert(new Alert("orders", 5, 60, "1", "5", 0, null, "orders: 5 ERROR in 60 s"));
    cut.onAlert(new Alert("orders", 5, 60, "6", "9", 0, null, "orders: 5 ERROR in 60 s"));
    assertThat(registry.find("livelog.alerts").tag("rule", "orders").counter().count())
        .isEqualTo(2);
  }
}
