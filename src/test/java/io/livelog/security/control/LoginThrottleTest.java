package io.livelog.security.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  LoginThrottle cut;

  @BeforeEach
  void init() {
    cut = new LoginThrottle();
    cut.freeFailures = 3;
    cut.ticker = nanos::get;
    cut.init();
  }

  void advanceSeconds(long seconds) {
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
  }

  @Test
  void locksTheAddressOutAfterTheFreeFailuresWithGrowingWaits() {
    for (int i = 0; i < 2; i++) {
      cut.failed("1.2.3.4");
      assertThat(cut.waitSeconds("1.2.3.4")).isZero();
    }
    cut.failed("1.2.3.4");
    long first = cut.waitSeconds("1.2.3.4");
    assertThat(first).as("the third failure locks").isEqualTo(1);
    advanceSeconds(first);
    assertThat(cut.waitSeconds("1.2.3.4")).isZero();
    cut.failed("1.2.3.4");
    assertThat(cut.waitSeconds("1.2.3.4")).isEqualTo(2);
    assertThat(cut.waitSeconds("5.6.7.8")).as("other addresses are free").isZero();
  }

  @Test
  void theLockOutIsCappedAndForgottenAfterQuietMinutes() {
    for (int i = 0; i < 40; i++) {
      cut.failed("1.2.3.4");
    }
    assertThat(cut.waitSeconds("1.2.3.4")).isEqualTo(LoginThrottle.MAX_LOCK_SECONDS);
    advanceSeconds(TimeUnit.MINUTES.toSeconds(LoginThrottle.FORGET_MINUTES) + 1);
    assertThat(cut.waitSeconds("1.2.3.4")).isZero();
    assertThat(cut.size()).isZero();
    cut.failed("1.2.3.4");
    assertThat(cut.waitSeconds("1.2.3.4")).as("counting starts over").isZero();
    cut.failed("1.2.3.4");
    assertThat(cut.waitSeconds("1.2.3.4")).isZero();
  }

  @Test
  void theTableIsBoundedAndKeepsWorkingWhenFull() {
    for (int i = 0; i < LoginThrottle.MAX_ADDRESSES + 5_000; i++) {
      cut.failed("10.0." + (i >> 8) + "." + (i & 0xff));
    }
    assertThat(cut.size()).isLessThanOrEqualTo(LoginThrottle.MAX_ADDRESSES);
    for (int i = 0; i < 3; i++) {
      cut.failed("192.0.2.1");
    }
    assertThat(cut.waitSeconds("192.0.2.1")).as("a flood of addresses clears no lock").isPositive();
  }
}
