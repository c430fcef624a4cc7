package io.livelog.security.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * CORS, closed unless {@code livelog.cors.origins} lists origins. Only the stream and the history
 * ({@code GET /api/stream}, {@code GET /api/logs}) are opened, with credentials, to exactly the
 * listed origins.
 */
@ApplicationScoped
public class Cors {

  private static final Set<String> OPEN_PATHS = Set.of("/api/stream", "/api/logs");

  @Inject
  @ConfigProperty(name = "livelog.cors.origins")
  Optional<String> origins;

  /** Adds CORS headers when allowed; true when this was a preflight, answered here. */
  boolean handle(HttpServletRequest request, HttpServletResponse response, String path) {
    String origin = request.getHeader("Origin");
    if (origin == null || origins.isEmpty() || !OPEN_PATHS.contains(path)) {
      return false;
    }
    boolean allowed =
        Arrays.stream(origins.get().split(",")).map(String::trim).anyMatch(origin::equals);
    if (!allowed) {
      return false;
    }
    response.setHeader("Access-Control-Allow-Origin", origin);
    response.setHeader("Access-Control-Allow-Credentials", "true");
    response.addHeader("Vary", "Origin");
    if ("OPTIONS".equals(request.getMethod())
        && request.getHeader("Access-Control-Request-Method") != null) {
      response.setHeader("Access-Control-Allow-Methods", "GET");
      response.setHeader("Access-Control-Allow-Headers", "Authorization, Last-Event-ID");
      response.setHeader("Access-Control-Max-Age", "600");
      response.setStatus(HttpServletResponse.SC_NO_CONTENT);
      return true;
    }
    return false;
  }
}
