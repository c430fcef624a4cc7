package io.livelog.security.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  LoginThrottle cut;

  @BeforeEach
  void init() {
    cut = new LoginThrottle();
    cut.freeFailures = 3;
  }

  @Test
  void locksOutAfterTheFreeFailuresWithGrowingWaits() {
    for (int i = 0; i < 3; i++) {
      cut.failed("1.2.3.4|admin");
      assertThat(cut.waitSeconds("1.2.3.4|admin")).isZero();
    }
    cut.failed("1.2.3.4|admin");
    long first = cut.waitSeconds("1.2.3.4|admin");
    cut.failed("1.2.3.4|admin");
    assertThat(first).isPositive();
    assertThat(cut.waitSeconds("1.2.3.4|admin")).isGreaterThan(first);
    assertThat(cut.waitSeconds("1.2.3.4|other")).isZero();
  }

  @Test
  void aSuccessClearsTheClient() {
    for (int i = 0; i < 5; i++) {
      cut.failed("c");
    }
    cut.succeeded("c");
    assertThat(cut.waitSeconds("c")).isZero();
  }
}
