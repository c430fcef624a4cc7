package io.livelog.problem.boundary;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Every exception no other mapper claims: 500 problem+json with an incident id that the server log
 * also holds; never the exception's text. A container's wrapper around a {@link
 * WebApplicationException} is unwrapped first.
 */
@Provider
public class UnhandledExceptionMapper implements ExceptionMapper<Throwable> {

  @Context UriInfo uri;

  @Override
  public Response toResponse(Throwable exception) {
    for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof WebApplicationException web) {
        return WebApplicationExceptionMapper.map(web, where());
      }
    }
    return Problem.incident(Incidents.log(where(), exception));
  }

  private String where() {
    try {
      return uri == null ? "/api" : "/api/" + uri.getPath();
    } catch (RuntimeException e) {
      return "/api";
    }
  }
}
