package io.livelog.security.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.events.entity.LogEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoginAuditTest {

  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  final List<LogEvent> events = new CopyOnWriteArrayList<>();
  LoginAudit cut;

  @BeforeEach
  void init() {
    cut = new LoginAudit();
    cut.eventSeconds = 10;
    cut.ticker = nanos::get;
    cut.sink = events::add;
    cut.init();
  }

  void advanceSeconds(long seconds) {
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
  }

  static long count(LogEvent event, String field) {
    return ((Number) event.fields().get(field)).longValue();
  }

  @Test
  void theFirstFailureIsReportedAtOnceAndTheRestSummarisedOncePerPeriod() {
    cut.failed("192.0.2.7", "admin");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).source()).isEqualTo("security");
    assertThat(events.get(0).message()).contains("1 failed login from 192.0.2.7", "admin");
    for (int i = 0; i < 9_999; i++) {
      cut.failed("192.0.2.7", "guess" + i);
      if (i % 1000 == 0) {
        advanceSeconds(1);
        cut.flush();
      }
    }
    advanceSeconds(10);
    cut.flush();
    assertThat(events).hasSizeBetween(2, 3);
    assertThat(events.stream().mapToLong(e -> count(e, "failures")).sum()).isEqualTo(10_000);
  }

  @Test
  void unknownNamesAreNeverShownKnownOnesAre() {
    cut.failed("192.0.2.7", "hunter2-typed-as-user");
    cut.succeeded("vera");
    advanceSeconds(10);
    cut.failed("192.0.2.7", "vera");
    cut.failed("192.0.2.8", null);
    String all = events.toString();
    assertThat(all).doesNotContain("hunter2").contains("(unknown)", "vera", "(bearer token)");
  }

  @Test
  void refusedAttemptsAreCountedToo() {
    cut.failed("192.0.2.7", "admin");
    cut.refused("192.0.2.7", "admin");
    cut.refused("192.0.2.7", "admin");
    cut.flush();
    assertThat(events).hasSize(1);
    advanceSeconds(10);
    cut.flush();
    assertThat(events).hasSize(2);
    assertThat(count(events.get(1), "refused")).isEqualTo(2);
    assertThat(events.get(1).message()).contains("2 more refused");
    cut.flush();
    advanceSeconds(100);
    cut.flush();
    assertThat(events).as("nothing pending, nothing said").hasSize(2);
  }

  @Test
  void manyAddressesStayBoundedAndLoseNoCount() {
    int addresses = LoginAudit.MAX_ADDRESSES + 2_000;
    for (int i = 0; i < addresses; i++) {
      String address = "10.1." + (i >> 8) + "." + (i & 0xff);
      cut.failed(address, "x");
      cut.failed(address, "x");
    }
    advanceSeconds(10);
    cut.flush();
    assertThat(events.stream().mapToLong(e -> count(e, "failures")).sum())
        .isEqualTo(2L * addresses);
  }

  @Test
  void eachAddressHasItsOwnPeriodSoOneFloodSilencesNoOther() {
    for (int i = 0; i < 100; i++) {
      cut.failed("192.0.2.7", "x");
    }
    cut.failed("198.51.100.1", "admin");
    assertThat(events).hasSize(2);
    LogEvent other = events.get(1);
    assertThat(other.level()).isEqualTo(io.livelog.events.entity.Level.WARN);
    assertThat(other.fields()).containsEntry("remote", "198.51.100.1");
    assertThat(count(other, "failures")).isEqualTo(1);
  }

  @Test
  void aSummaryNamesAtMostFiveUsers() {
    for (String user : List.of("a", "b", "c", "d", "e", "f", "g")) {
      cut.succeeded(user);
    }
    cut.failed("192.0.2.7", "admin");
    for (String user : List.of("a", "b", "c", "d", "e", "f", "g")) {
      cut.failed("192.0.2.7", user);
    }
    advanceSeconds(10);
    cut.flush();
    LogEvent summary = events.get(1);
    assertThat(count(summary, "failures")).isEqualTo(7);
    assertThat(((String) summary.fields().get("users")).split(", ")).hasSize(5);
  }

  @Test
  void anAddressThatGoesQuietStillHasItsLastCountsReported() {
    cut.failed("192.0.2.7", "x");
    cut.failed("192.0.2.7", "x");
    cut.failed("192.0.2.7", "x");
    assertThat(events).hasSize(1);
    advanceSeconds(3600);
    cut.flush();
    assertThat(events).hasSize(2);
    assertThat(count(events.get(1), "failures")).isEqualTo(2);
    cut.failed("192.0.2.7", "x");
    assertThat(events).as("after a quiet hour the next failure is news at once").hasSize(3);
  }
}
