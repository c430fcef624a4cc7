package io.livelog.ingest.boundary;

import io.livelog.ingest.control.Ingest;
import io.livelog.ingest.control.IngestException;
import io.livelog.ingest.control.IngestRefused;
import io.livelog.problem.boundary.ServletProblem;
import io.livelog.security.control.Roles;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /api/logs} answered by the servlet container itself, before JAX-RS (ADR 0016): a
 * single-event POST is what shippers and log appenders send hundreds of times a second, and
 * Jersey's per-request machinery (routing, HK2 request scope, the server's monitoring listeners,
 * {@code @RolesAllowed} filters) cost more server CPU than the work itself. The answers are exactly
 * {@link LogsResource#ingest}'s: both map the same {@link Ingest}. Authentication has already run
 * (the {@code /api/*} constraint); every other method goes on to JAX-RS.
 */
@WebFilter(urlPatterns = {"/api/logs", "/api/logs/"})
public class IngestFilter extends HttpFilter {

  @Inject Ingest ingest;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
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
}
