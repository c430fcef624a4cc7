package io.livelog.security.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The CSRF defence for requests that carry the session cookie (ADR 0005): the cookie is {@code
 * SameSite=Strict}, and a state-changing request must also come from this origin, by its {@code
 * Origin} header or, where the browser sends {@code Origin: null} (as Chromium does under {@code
 * Referrer-Policy: no-referrer}), by {@code Sec-Fetch-Site: same-origin}. Requests with Basic or
 * bearer credentials carry no ambient authority and are exempt.
 */
@ApplicationScoped
public class SameOrigin {

  public boolean test(HttpServletRequest request) {
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null) {
      return "same-origin".equals(site) || "none".equals(site);
    }
    String origin = request.getHeader("Origin");
    if (origin == null || "null".equals(origin)) {
      return false;
    }
    return origin.equalsIgnoreCase(ownOrigin(request));
  }

  static String ownOrigin(HttpServletRequest request) {
    String scheme = request.getScheme();
    int port = request.getServerPort();
    boolean defaultPort =
        "http".equals(scheme) && port == 80 || "https".equals(scheme) && port == 443;
    return scheme + "://" + request.getServerName() + (defaultPort ? "" : ":" + port);
  }
}
