package io.livelog.problem.boundary;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Gives JAX-RS's own errors (404, 405, 406, 415...) a problem+json body, keeping their headers. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

  @Override
  public Response toResponse(WebApplicationException exception) {
    Response original = exception.getResponse();
    if (original.hasEntity()
        && Problem.MEDIA_TYPE.equals(String.valueOf(original.getMediaType()))) {
      return original;
    }
    Response.StatusType status = original.getStatusInfo();
    Response.ResponseBuilder problem =
        Problem.of(status.getStatusCode(), status.getReasonPhrase(), exception.getMessage());
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
}
