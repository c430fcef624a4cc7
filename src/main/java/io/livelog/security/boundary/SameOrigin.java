package io.livelog.security.boundary;

import io.livelog.security.control.TrustedProxies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The CSRF defence for requests that carry the session cookie (ADR 0005): the cookie is {@code
 * SameSite=Strict}, and a state-changing request must also come from this origin, by its {@code
 * Origin} header or, where the browser sends {@code Origin: null} (as Chromium does under {@code
 * Referrer-Policy: no-referrer}), by {@code Sec-Fetch-Site: same-origin}.
 *
 * <p>"This origin" is the request's own scheme, host and port, or, behind a reverse proxy, the
 * origin of {@code livelog.url} when configured and the origin a trusted proxy reports ({@code
 * Forwarded} / {@code X-Forwarded-*}, see {@link TrustedProxies}).
 */
@ApplicationScoped
public class SameOrigin {

  @Inject TrustedProxies proxies;

  @Inject
  @ConfigProperty(name = "livelog.url")
  Optional<String> url = Optional.empty();

  public boolean test(HttpServletRequest request) {
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null) {
      return "same-origin".equals(site) || "none".equals(site);
    }
    String origin = request.getHeader("Origin");
    if (origin == null || "null".equals(origin)) {
      return false;
    }
    return origin.equalsIgnoreCase(ownOrigin(request))
        || configuredOrigin().filter(origin::equalsIgnoreCase).isPresent()
        || proxies
            .forwardedOrigin(request.getRemoteAddr(), request::getHeader)
            .filter(origin::equalsIgnoreCase)
            .isPresent();
  }

  Optional<String> configuredOrigin() {
    return url.filter(u -> !u.isBlank()).flatMap(SameOrigin::originOf);
  }

  static Optional<String> originOf(String url) {
    try {
      URI uri = URI.create(url.trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        return Optional.empty();
      }
      return Optional.of(
          origin(uri.getScheme().toLowerCase(Locale.ROOT), uri.getHost(), uri.getPort()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static String ownOrigin(HttpServletRequest request) {
    return origin(request.getScheme(), request.getServerName(), request.getServerPort());
  }

  private static String origin(String scheme, String host, int port) {
    boolean defaultPort =
        port < 0 || "http".equals(scheme) && port == 80 || "https".equals(scheme) && port == 443;
    return scheme + "://" + host + (defaultPort ? "" : ":" + port);
  }
}
