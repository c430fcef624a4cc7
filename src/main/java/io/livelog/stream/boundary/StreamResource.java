package io.livelog.stream.boundary;

import io.livelog.events.control.EventFilter;
import io.livelog.events.control.EventIds;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameters;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/stream}: the live stream of log events, per the contract. */
@Path("stream")
@Tag(name = "stream", description = "the live event stream (Server-Sent Events)")
@RequestScoped
@RolesAllowed("livelog-viewer")
public class StreamResource {

  @Context Sse sse;
  @Context HttpServletRequest request;
  @Context HttpServletResponse response;

  @Inject StreamHub hub;

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(
      summary = "Live log events as Server-Sent Events",
      description =
          "Opens with retry: and a hello event; then event: logs (data: a JSON array of"
              + " consecutive events, id: the last one's id), event: metric (health samples),"
              + " event: gap (data: {\"from\", \"to\", \"missed\"} before a replay that lost events),"
              + " and a ': ping' comment on idle streams. Resume with Last-Event-ID.")
  @Parameters({
    @Parameter(
        name = "Last-Event-ID",
        in = ParameterIn.HEADER,
        description = "resume after this event id (sent by EventSource on reconnect)"),
    @Parameter(
        name = "lastEventId",
        in = ParameterIn.QUERY,
        description = "resume after this event id (when the header cannot be set)"),
    @Parameter(
        name = "level",
        in = ParameterIn.QUERY,
        description = "lowest level: TRACE, DEBUG, INFO, WARN or ERROR"),
    @Parameter(
        name = "logger",
        in = ParameterIn.QUERY,
        description = "logger name prefix; repeat for several (any matches)"),
    @Parameter(
        name = "source",
        in = ParameterIn.QUERY,
        description = "source: server, app, ingest, health, security...; repeatable"),
    @Parameter(
        name = "app",
        in = ParameterIn.QUERY,
        description =
            "the deployment a captured record came from (server: the container); repeatable"),
    @Parameter(
        name = "q",
        in = ParameterIn.QUERY,
        description = "case-insensitive substring of the message")
  })
  @APIResponse(
      responseCode = "200",
      description = "the stream",
      content = @Content(mediaType = "text/event-stream"))
  @APIResponse(
      responseCode = "400",
      description = "a bad filter or event id, named in the problem",
      content = @Content(mediaType = "application/problem+json"))
  @APIResponse(
      responseCode = "401",
      description = "not signed in",
      content = @Content(mediaType = "application/problem+json"))
  @APIResponse(
      responseCode = "403",
      description = "not a livelog-viewer",
      content = @Content(mediaType = "application/problem+json"))
  @APIResponse(
      responseCode = "503",
      description = "too many streams on this node; retry later",
      headers = @Header(name = "Retry-After", description = "seconds"),
      content = @Content(mediaType = "application/problem+json"))
  public void stream(
      @Context SseEventSink sink,
      @HeaderParam("Last-Event-ID") String lastEventIdHeader,
      @QueryParam("lastEventId") String lastEventIdQuery,
      @QueryParam("level") String level,
      @QueryParam("logger") List<String> loggers,
      @QueryParam("source") List<String> sources,
      @QueryParam("app") List<String> apps,
      @QueryParam("q") String query) {
    EventFilter filter;
    OptionalLong lastEventId;
    try {
      filter = EventFilter.of(level, loggers, sources, apps, query);
      lastEventId =
          lastEventIdHeader != null && !lastEventIdHeader.isEmpty()
              ? EventIds.parse("Last-Event-ID", lastEventIdHeader)
              : EventIds.parse("lastEventId", lastEventIdQuery);
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
}
