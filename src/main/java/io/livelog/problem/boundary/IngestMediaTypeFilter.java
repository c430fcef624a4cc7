package io.livelog.problem.boundary;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.Set;

/**
 * {@code POST /api/logs} takes {@code application/json} or {@code application/x-ndjson} and nothing
 * else: a missing or other {@code Content-Type} is 415 problem+json before any resource is chosen
 * (Jersey would otherwise let a missing type match {@code @Consumes} and then fail on it). Callers
 * without the producer role pass on, to be refused by the authorization that follows.
 */
@Provider
@PreMatching
public class IngestMediaTypeFilter implements ContainerRequestFilter {

  static final Set<String> ACCEPTED = Set.of("application/json", "application/x-ndjson");

  @Override
  public void filter(ContainerRequestContext request) {
    if (!"POST".equals(request.getMethod()) || !isLogs(request.getUriInfo().getPath())) {
      return;
    }
    if (!request.getSecurityContext().isUserInRole("livelog-producer")) {
      return;
    }
    String type = request.getHeaderString("Content-Type");
    if (!accepted(type)) {
      request.abortWith(
          Problem.of(
                  415,
                  "Unsupported Media Type",
                  type == null || type.isBlank()
                      ? "a Content-Type is required: application/json or application/x-ndjson"
                      : "Content-Type must be application/json or application/x-ndjson",
                  "Content-Type")
              .build());
    }
  }

  static boolean isLogs(String path) {
    String trimmed = path == null ? "" : path.replaceAll("^/+|/+$", "");
    return "logs".equals(trimmed);
  }

  static boolean accepted(String header) {
    if (header == null || header.isBlank()) {
      return false;
    }
    try {
      MediaType type = MediaType.valueOf(header.trim());
      return ACCEPTED.contains((type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
