package io.livelog.security.boundary;

import io.livelog.security.control.TokenCredential;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads an {@code Authorization} header: Basic or Bearer, anything else is null. */
final class Credentials {

  private Credentials() {}

  static Credential parse(String authorization) {
    if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded =
            new String(
                Base64.getDecoder().decode(authorization.substring(6).trim()),
                StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon < 0
            ? null
            : new UsernamePasswordCredential(
                decoded.substring(0, colon), decoded.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return new TokenCredential(authorization.substring(7).trim());
    }
    return null;
  }

  /** The user name tried, or null for a token. */
  static String user(Credential credential) {
    return credential instanceof UsernamePasswordCredential password ? password.getCaller() : null;
  }
}
