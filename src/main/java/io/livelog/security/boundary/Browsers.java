package io.livelog.security.boundary;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What a request says about who sent it (ADR 0005). Browsers mark their requests with {@code
 * Sec-Fetch-*}; programs such as curl and shippers send none.
 */
final class Browsers {

  private Browsers() {}

  /** A person's browser loading a page: it is sent to the form, never challenged with Basic. */
  static boolean isNavigation(HttpServletRequest request) {
    String mode = request.getHeader("Sec-Fetch-Mode");
    if (mode != null) {
      return "navigate".equals(mode);
    }
    String accept = request.getHeader("Accept");
    return accept != null && accept.contains("text/html");
  }

  /** Any request a browser made (it never gets a Basic challenge, which it would remember). */
  static boolean isBrowser(HttpServletRequest request) {
    return request.getHeader("Sec-Fetch-Mode") != null
        || request.getHeader("Sec-Fetch-Site") != null;
  }

  /** A request another site made the browser send. */
  static boolean isCrossSite(HttpServletRequest request) {
    return "cross-site".equals(request.getHeader("Sec-Fetch-Site"));
  }

  static boolean isUnsafe(HttpServletRequest request) {
    String method = request.getMethod();
    return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
  }
}
