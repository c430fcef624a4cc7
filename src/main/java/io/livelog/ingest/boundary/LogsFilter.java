package io.livelog.ingest.boundary;

import io.livelog.events.control.InvalidFilterException;
import io.livelog.ingest.control.Ingest;
import io.livelog.ingest.control.IngestException;
import io.livelog.ingest.control.IngestRefused;
import io.livelog.problem.boundary.ServletProblem;
import io.livelog.security.control.Roles;
import io.livelog.store.control.HistoryQuery;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code POST} and {@code GET /api/logs} answered by the servlet container itself, before JAX-RS
 * (ADR 0016): a single-event POST is what shippers and log appenders send hundreds of times a
 * second, a poll for new events what short-polling clients send every second, and Jersey's
 * per-request machinery (routing, HK2 request scope, the server's monitoring listeners,
 * {@code @RolesAllowed} filters) cost more server CPU than the work itself. The answers are exactly
 * {@link LogsResource}'s: both map the same controls ({@link Ingest}, {@link HistoryQuery}).
 * Authentication has already run (the {@code /api/*} constraint); every other method goes on to
 * JAX-RS.
 */
@WebFilter(urlPatterns = {"/api/logs", "/api/logs/"})
public class LogsFilter extends HttpFilter {

  @Inject Ingest ingest;
  @Inject HistoryQuery query;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if ("GET".equals(request.getMethod())) {
      history(request, response);
      return;
    }
    if (!"POST".equals(request.getMethod())) {
      chain.doFilter(request, response);
      return;
    }
    if (!request.isUserInRole(Roles.PRODUCER)) {
      ServletProblem.write(
          response, 403, "Forbidden", "ingest needs the " + Roles.PRODUCER + " role", null, 0);
      return;
    }
    String contentType = request.getContentType();
    Boolean ndjson = Ingest.ndjson(contentType);
    if (ndjson == null) {
      ServletProblem.write(
          response,
          415,
          "Unsupported Media Type",
          contentType == null || contentType.isBlank()
              ? "a Content-Type is required: application/json or application/x-ndjson"
              : "Content-Type must be application/json or application/x-ndjson",
          "Content-Type",
          0);
      return;
    }
    try {
      int accepted = ingest.take(request.getInputStream(), request.getContentLengthLong(), ndjson);
      byte[] body = Ingest.accepted(accepted).getBytes(StandardCharsets.UTF_8);
      response.setStatus(HttpServletResponse.SC_ACCEPTED);
      response.setContentType("application/json");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    } catch (IngestException e) {
      ServletProblem.write(response, 400, "Bad request", e.getMessage(), e.field(), 0);
    } catch (IngestRefused e) {
      ServletProblem.write(
          response, e.status(), e.title(), e.getMessage(), null, e.retryAfterSeconds());
    }
  }

  private void history(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!request.isUserInRole(Roles.VIEWER)) {
      ServletProblem.write(
          response, 403, "Forbidden", "history needs the " + Roles.VIEWER + " role", null, 0);
      return;
    }
    HistoryQuery.Page page;
    try {
      page =
          query.run(
              new HistoryQuery.Params(
                  request.getParameter("after"),
                  request.getParameter("before"),
                  request.getParameter("limit"),
                  request.getParameter("level"),
                  values(request, "logger"),
                  values(request, "source"),
                  values(request, "app"),
                  request.getParameter("q"),
                  request.getParameter("from"),
                  request.getParameter("to"),
                  request.getParameter("regex")));
    } catch (InvalidFilterException e) {
      ServletProblem.write(response, 400, "Bad request", e.getMessage(), e.field(), 0);
      return;
    }
    byte[] body = page.json().getBytes(StandardCharsets.UTF_8);
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("application/json");
    page.scannedTo()
        .ifPresent(id -> response.setHeader(LogsResource.SCANNED_TO, Long.toString(id)));
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static List<String> values(HttpServletRequest request, String name) {
    String[] values = request.getParameterValues(name);
    return values == null ? List.of() : List.of(values);
  }
}
