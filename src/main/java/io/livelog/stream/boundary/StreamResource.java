package io.livelog.stream.boundary;

import io.livelog.events.control.EventFilter;
import io.livelog.events.control.InvalidFilterException;
import io.livelog.problem.boundary.Problem;
import io.livelog.stream.control.StreamHub;
import io.livelog.stream.control.StreamLimitException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.OptionalLong;

/** {@code GET /api/stream}: the live stream of log events, per the contract. */
@Path("stream")
@RequestScoped
@RolesAllowed("livelog-viewer")
public class StreamResource {

  @Context Sse sse;
  @Context HttpServletRequest request;
  @Context HttpServletResponse response;

  @Inject StreamHub hub;

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void stream(
      @Context SseEventSink sink,
      @HeaderParam("Last-Event-ID") String lastEventIdHeader,
      @QueryParam("lastEventId") String lastEventIdQuery,
      @QueryParam("level") String level,
      @QueryParam("logger") List<String> loggers,
      @QueryParam("source") List<String> sources,
      @QueryParam("q") String query) {
    EventFilter filter;
    OptionalLong lastEventId;
    try {
      filter = EventFilter.of(level, loggers, sources, query);
      lastEventId =
          lastEventIdHeader != null && !lastEventIdHeader.isEmpty()
              ? eventId("Last-Event-ID", lastEventIdHeader)
              : eventId("lastEventId", lastEventIdQuery);
    } catch (InvalidFilterException e) {
      throw new WebApplicationException(Problem.badRequest(e.field(), e.getMessage()));
    }
    try {
      HttpSession session = request.getSession(false);
      Principal caller = request.getUserPrincipal();
      hub.subscribe(
          filter,
          lastEventId,
          new SseSink(sink, sse, output()),
          session == null ? null : session.getId(),
          caller == null ? null : caller.getName());
    } catch (StreamLimitException e) {
      throw new WebApplicationException(
          e.limit() == StreamLimitException.Limit.PER_USER
              ? Problem.of(429, "Too many requests", e.getMessage())
                  .header("Retry-After", Long.toString(e.retryAfterSeconds()))
                  .build()
              : Problem.unavailable(e.retryAfterSeconds(), e.getMessage()));
    }
  }

  /** The response's own stream, for the writability probe; null when the container has none. */
  private ServletOutputStream output() {
    try {
      return response.getOutputStream();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static OptionalLong eventId(String field, String value) {
    if (value == null || value.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      long id = Long.parseLong(value.trim());
      if (id < 0) {
        throw new NumberFormatException();
      }
      return OptionalLong.of(id);
    } catch (NumberFormatException e) {
      throw new InvalidFilterException(field, field + " must be a non-negative decimal event id");
    }
  }
}
