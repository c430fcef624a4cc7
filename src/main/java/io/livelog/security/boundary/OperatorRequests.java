package io.livelog.security.boundary;

import io.livelog.events.control.JsonFactories;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Optional;

/**
 * What the operator's resources ({@code /api/alerts}, {@code /api/loggers}) read from a request:
 * who asked, for the audit of a change, and a body that must be one JSON object.
 */
public final class OperatorRequests {

  private OperatorRequests() {}

  /** The caller's name, {@code ?} when the request carries no principal. */
  public static String caller(SecurityContext security) {
    return security.getUserPrincipal() == null ? "?" : security.getUserPrincipal().getName();
  }

  /** The body as a JSON object; empty when it is missing, not JSON, or not an object. */
  public static Optional<JsonObject> jsonObject(String body) {
    try {
      return Optional.of(JsonFactories.readObject(body == null ? "" : body));
    } catch (JsonException | IllegalStateException e) {
      return Optional.empty();
    }
  }
}
