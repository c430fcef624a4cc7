package io.livelog.security.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

  final TrustedProxies none = TrustedProxies.of(null);
  final TrustedProxies nginx = TrustedProxies.of("127.0.0.1, 10.0.0.0/8, ::1");

  @Test
  void withoutTrustedProxiesTheForwardingHeadersAreIgnored() {
    assertThat(none.clientAddress("127.0.0.1", "203.0.113.9")).isEqualTo("127.0.0.1");
    assertThat(none.forwardedOrigin("127.0.0.1", Map.of("X-Forwarded-Host", "evil.example")::get))
        .isEmpty();
  }

  @Test
  void aTrustedProxyNamesTheClientAsTheRightMostUntrustedHop() {
    assertThat(nginx.clientAddress("127.0.0.1", "203.0.113.9")).isEqualTo("203.0.113.9");
    assertThat(nginx.clientAddress("127.0.0.1", "198.51.100.1, 203.0.113.9"))
        .as("the client wrote the left part")
        .isEqualTo("203.0.113.9");
    assertThat(nginx.clientAddress("10.2.3.4", "203.0.113.9, 10.9.9.9")).isEqualTo("203.0.113.9");
    assertThat(nginx.clientAddress("::1", "2001:db8::7")).isEqualTo("2001:db8::7");
    assertThat(nginx.clientAddress("127.0.0.1", null)).isEqualTo("127.0.0.1");
    assertThat(nginx.clientAddress("127.0.0.1", "not-an-address")).isEqualTo("127.0.0.1");
  }

  @Test
  void anUntrustedPeerCannotPretend() {
    assertThat(nginx.clientAddress("192.0.2.50", "127.0.0.1")).isEqualTo("192.0.2.50");
    assertThat(nginx.trusts("11.0.0.1")).isFalse();
    assertThat(nginx.trusts("10.255.0.1")).isTrue();
    assertThat(nginx.trusts("localhost")).as("names are never looked up").isFalse();
  }

  @Test
  void theForwardedOriginComesFromForwardedOrXForwardedHeaders() {
    assertThat(
            nginx.forwardedOrigin(
                "127.0.0.1", Map.of("Forwarded", "for=1.2.3.4;proto=https;host=logs.example")::get))
        .hasValue("https://logs.example");
    assertThat(
            nginx.forwardedOrigin(
                "127.0.0.1",
                Map.of(
                        "X-Forwarded-Proto", "http",
                        "X-Forwarded-Host", "127.0.0.1",
                        "X-Forwarded-Port", "18080")
                    ::get))
        .hasValue("http://127.0.0.1:18080");
    assertThat(
            nginx.forwardedOrigin(
                "127.0.0.1",
                Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "logs.example:8443")::get))
        .hasValue("https://logs.example:8443");
    assertThat(
            nginx.forwardedOrigin(
                "127.0.0.1",
                Map.of(
                        "X-Forwarded-Proto",
                        "https",
                        "X-Forwarded-Host",
                        "logs.example",
                        "X-Forwarded-Port",
                        "443")
                    ::get))
        .hasValue("https://logs.example");
    assertThat(nginx.forwardedOrigin("127.0.0.1", Map.<String, String>of()::get)).isEmpty();
    assertThat(
            nginx.forwardedOrigin(
                "127.0.0.1",
                Map.of("X-Forwarded-Proto", "javascript", "X-Forwarded-Host", "x")::get))
        .isEmpty();
  }

  @Test
  void aMalformedListFailsTheStart() {
    assertThatThrownBy(() -> TrustedProxies.of("nginx.internal"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("livelog.proxy.trusted");
  }
}
