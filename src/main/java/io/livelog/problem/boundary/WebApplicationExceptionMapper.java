package io.livelog.problem.boundary;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Gives JAX-RS's own errors (404, 405, 406, 415...) a problem+json body, keeping their headers. A
 * server error without a problem body becomes an incident, like any unexpected exception.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

  @Context UriInfo uri;

  @Override
  public Response toResponse(WebApplicationException exception) {
    String where;
    try {
      where = uri == null ? "/api" : "/api/" + uri.getPath();
    } catch (RuntimeException e) {
      where = "/api";
    }
    return map(exception, where);
  }

  static Response map(WebApplicationException exception, String where) {
    Response original = exception.getResponse();
    if (original.hasEntity()
        && Problem.MEDIA_TYPE.equals(String.valueOf(original.getMediaType()))) {
      return original;
    }
    Response.StatusType status = original.getStatusInfo();
    if (status.getStatusCode() >= 500) {
      return Problem.incident(Incidents.log(where, exception));
    }
    Response.ResponseBuilder problem =
        Problem.of(status.getStatusCode(), status.getReasonPhrase(), detail(status));
    original
        .getHeaders()
        .forEach(
            (name, values) -> {
              if (!"Content-Type".equalsIgnoreCase(name)) {
                values.forEach(value -> problem.header(name, value));
              }
            });
    return problem.build();
  }

  private static String detail(Response.StatusType status) {
    return switch (status.getStatusCode()) {
      case 404 -> "no such resource";
      case 405 -> "this method is not allowed here";
      case 406 -> "no acceptable representation";
      case 415 -> "unsupported Content-Type";
      default -> status.getReasonPhrase();
    };
  }
}
