package io.livelog.problem.boundary;

import io.livelog.events.control.InvalidFilterException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A malformed filter or id that a resource did not catch itself: 400 naming the field. */
@Provider
public class InvalidFilterExceptionMapper implements ExceptionMapper<InvalidFilterException> {

  @Override
  public Response toResponse(InvalidFilterException exception) {
    return Problem.badRequest(exception.field(), exception.getMessage());
  }
}
