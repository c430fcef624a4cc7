package io.livelog.stream.boundary;

import io.livelog.events.control.EventFilter;
import io.livelog.events.control.EventIds;
import io.livelog.events.control.InvalidFilterException;
import io.livelog.problem.boundary.ServletProblem;
import io.livelog.security.control.Roles;
import io.livelog.stream.control.StreamHub;
import io.livelog.stream.control.StreamLimitException;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code GET /api/stream}: the live stream of log events, per the contract, as a Servlet async
 * response in non-blocking mode (ADR 0017). Authentication has run (the {@code /api/*} constraint);
 * this maps the request to {@link StreamHub#subscribe} and the answers to HTTP: 400 naming the bad
 * parameter, 403 without the viewer role, 429 or 503 with {@code Retry-After} at a limit. Described
 * in {@code META-INF/openapi.yaml}.
 */
@WebServlet(urlPatterns = "/api/stream", asyncSupported = true)
public class StreamServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Inject transient StreamHub hub;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!request.isUserInRole(Roles.VIEWER)) {
      ServletProblem.write(
          response, 403, "Forbidden", "the stream needs the " + Roles.VIEWER + " role", null, 0);
      return;
    }
    EventFilter filter;
    OptionalLong lastEventId;
    try {
      filter =
          EventFilter.of(
              request.getParameter("level"),
              values(request, "logger"),
              values(request, "source"),
              values(request, "app"),
              request.getParameter("q"));
      String header = request.getHeader("Last-Event-ID");
      lastEventId =
          header != null && !header.isEmpty()
              ? EventIds.parse("Last-Event-ID", header)
              : EventIds.parse("lastEventId", request.getParameter("lastEventId"));
    } catch (InvalidFilterException e) {
      ServletProblem.write(response, 400, "Bad request", e.getMessage(), e.field(), 0);
      return;
    }
    HttpSession session = request.getSession(false);
    Principal caller = request.getUserPrincipal();
    try {
      hub.subscribe(
          filter,
          lastEventId,
          new ServletSink(request, response),
          session == null ? null : session.getId(),
          caller == null ? null : caller.getName());
    } catch (StreamLimitException e) {
      int status = status(e.limit());
      ServletProblem.write(
          response,
          status,
          status == 429 ? "Too many requests" : "Service unavailable",
          e.getMessage(),
          null,
          e.retryAfterSeconds());
    }
  }

  /**
   * 429 when the caller's identity has its share of streams (its own doing: close some), 503 when
   * the node is full (anyone's: retry later).
   */
  static int status(StreamLimitException.Limit limit) {
    return limit == StreamLimitException.Limit.PER_USER ? 429 : 503;
  }

  private static List<String> values(HttpServletRequest request, String name) {
    String[] values = request.getParameterValues(name);
    return values == null ? List.of() : List.of(values);
  }
}
