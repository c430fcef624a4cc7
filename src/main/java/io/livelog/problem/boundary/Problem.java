package io.livelog.problem.boundary;

import io.livelog.events.control.JsonFactories;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;

/** RFC 9457 problem details: every error Livelog answers carries one. */
public final class Problem {

  public static final String MEDIA_TYPE = "application/problem+json";

  private Problem() {}

  public static Response.ResponseBuilder of(int status, String title, String detail) {
    return of(status, title, detail, null);
  }

  /**
   * A problem naming the offending field (a query parameter, or a path such as {@code
   * [3].message}).
   */
  public static Response.ResponseBuilder of(int status, String title, String detail, String field) {
    return Response.status(status)
        .type(MEDIA_TYPE)
        .entity(body(status, title, detail, field, null));
  }

  public static Response badRequest(String field, String detail) {
    return of(400, "Bad request", detail, field).build();
  }

  public static Response unavailable(long retryAfterSeconds, String detail) {
    return of(503, "Service unavailable", detail)
        .header("Retry-After", Long.toString(retryAfterSeconds))
        .build();
  }

  /** A 500 that names only its incident id, which the server log also holds. */
  public static Response incident(String id) {
    return Response.status(500)
        .type(MEDIA_TYPE)
        .entity(body(500, "Internal server error", incidentDetail(id), null, id))
        .build();
  }

  static String incidentDetail(String id) {
    return "an unexpected error occurred; the server log holds it as incident " + id;
  }

  /** The JSON text of a problem; {@code detail}, {@code field}, {@code incident} may be null. */
  public static String body(
      int status, String title, String detail, String field, String incident) {
    JsonObjectBuilder body =
        JsonFactories.object().add("type", "about:blank").add("title", title).add("status", status);
    if (detail != null) {
      body.add("detail", detail);
    }
    if (field != null) {
      body.add("field", field);
    }
    if (incident != null) {
      body.add("incident", incident);
    }
    return body.build().toString();
  }
}
