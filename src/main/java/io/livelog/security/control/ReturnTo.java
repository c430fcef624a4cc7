package io.livelog.security.control;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Where a sign-in may send the browser back to: only a path under the application's context root,
 * with its query and fragment, never another host (no scheme, no authority, no {@code //} or
 * backslash tricks, no {@code ..} out of the context root, no control characters).
 */
public final class ReturnTo {

  private static final int MAX_LENGTH = 4096;

  private ReturnTo() {}

  /** The URL to return to, when {@code next} is a safe one under {@code contextPath}. */
  public static Optional<String> of(String contextPath, String next) {
    if (next == null || next.isEmpty() || next.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    if (next.chars().anyMatch(c -> c < 0x21 || c == 0x7f || c == '\\')) {
      return Optional.empty();
    }
    String root = contextPath + "/";
    if (!next.startsWith(root) || next.startsWith("//")) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(next);
      if (uri.getScheme() != null || uri.getRawAuthority() != null || uri.getRawPath() == null) {
        return Optional.empty();
      }
      String path = uri.normalize().getRawPath();
      // browsers read %2e as a dot in paths (WHATWG URL): no encoded dot segments either
      if (!path.startsWith(root)
          || path.contains("/../")
          || path.endsWith("/..")
          || uri.getRawPath().toLowerCase(java.util.Locale.ROOT).contains("%2e")) {
        return Optional.empty();
      }
      return Optional.of(next);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
