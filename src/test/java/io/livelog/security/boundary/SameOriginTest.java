package io.livelog.security.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.security.control.TrustedProxies;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SameOriginTest {

  /** A request to http://127.0.0.1:8080 from {@code peer} with these headers. */
  static HttpServletRequest request(String peer, String... headers) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      map.put(headers[i], headers[i + 1]);
    }
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            SameOriginTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getHeader" -> map.get((String) args[0]);
                  case "getRemoteAddr" -> peer;
                  case "getScheme" -> "http";
                  case "getServerName" -> "127.0.0.1";
                  case "getServerPort" -> 8080;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  static SameOrigin cut(String trusted, String url) {
    SameOrigin cut = new SameOrigin();
    cut.proxies = TrustedProxies.of(trusted);
    cut.url = Optional.ofNullable(url);
    return cut;
  }

  @Test
  void theRequestsOwnOriginAndSecFetchSiteAreAccepted() {
    SameOrigin cut = cut(null, null);
    assertThat(cut.test(request("127.0.0.1", "Origin", "http://127.0.0.1:8080"))).isTrue();
    assertThat(cut.test(request("127.0.0.1", "Sec-Fetch-Site", "same-origin"))).isTrue();
    assertThat(cut.test(request("127.0.0.1", "Sec-Fetch-Site", "cross-site"))).isFalse();
    assertThat(cut.test(request("127.0.0.1", "Origin", "http://evil.example"))).isFalse();
    assertThat(cut.test(request("127.0.0.1", "Origin", "null"))).isFalse();
    assertThat(cut.test(request("127.0.0.1"))).isFalse();
  }

  @Test
  void behindAProxyTheConfiguredUrlsOriginIsAccepted() {
    SameOrigin cut = cut(null, "https://logs.example/livelog/");
    assertThat(cut.test(request("127.0.0.1", "Origin", "https://logs.example"))).isTrue();
    assertThat(cut.test(request("127.0.0.1", "Origin", "https://logs.example:8443"))).isFalse();
  }

  @Test
  void behindATrustedProxyTheForwardedOriginIsAccepted() {
    SameOrigin cut = cut("127.0.0.1", null);
    String[] headers = {
      "Origin", "http://127.0.0.1:18080",
      "X-Forwarded-Proto", "http",
      "X-Forwarded-Host", "127.0.0.1:18080"
    };
    assertThat(cut.test(request("127.0.0.1", headers))).isTrue();
    assertThat(cut.test(request("192.0.2.9", headers)))
        .as("an untrusted peer's forwarding headers prove nothing")
        .isFalse();
    assertThat(
            cut.test(
                request(
                    "127.0.0.1",
                    "Origin",
                    "http://evil.example",
                    "Forwarded",
                    "proto=http;host=logs.example")))
        .isFalse();
  }
}
