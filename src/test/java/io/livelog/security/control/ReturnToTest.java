package io.livelog.security.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReturnToTest {

  @Test
  void aPathUnderTheContextRootWithQueryAndFragmentIsKept() {
    assertThat(ReturnTo.of("/livelog", "/livelog/?level=WARN#event=123"))
        .hasValue("/livelog/?level=WARN#event=123");
    assertThat(ReturnTo.of("/livelog", "/livelog/api/stats")).hasValue("/livelog/api/stats");
    assertThat(ReturnTo.of("", "/?q=a%20b")).hasValue("/?q=a%20b");
  }

  @Test
  void anythingThatCouldLeaveTheApplicationIsRefused() {
    for (String next :
        new String[] {
          null,
          "",
          "https://evil.example/livelog/",
          "//evil.example/livelog/",
          "/\\evil.example",
          "/livelog\\..\\x",
          "/other/",
          "/livelogger/",
          "/livelog/../other",
          "/livelog/%2e%2e/other",
          "/livelog/%2E%2E/other",
          "/livelog/\r\nSet-Cookie: x",
          "/livelog/ x",
          "javascript:alert(1)",
          "/livelog/" + "a".repeat(5000)
        }) {
      assertThat(ReturnTo.of("/livelog", next)).as(String.valueOf(next)).isEmpty();
    }
    assertThat(ReturnTo.of("", "//evil.example/")).isEmpty();
  }
}
