package io.livelog.ingest.boundary;

import io.livelog.problem.boundary.ServletAnswer;
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

/**
 * {@code POST /api/logs} answered before JAX-RS (ADR 0016): a single-event POST is what shippers
 * and log appenders send hundreds of times a second, and Jersey's per-request machinery (routing,
 * HK2 request scope, the server's monitoring listeners, {@code @RolesAllowed} filters) cost more
 * server CPU than the work itself. Authentication has already run (the {@code /api/*} constraint);
 * this checks the role, which JAX-RS would have checked, and calls {@link IngestResource}'s one
 * mapping. Every other method goes on.
 */
@WebFilter(urlPatterns = {"/api/logs", "/api/logs/"})
public class IngestFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  @Inject IngestResource ingest;

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
    long length = request.getContentLengthLong();
    ServletAnswer.send(
        ingest.ingest(
            request.getInputStream(), request.getContentType(), length < 0 ? null : length),
        response);
  }
}
