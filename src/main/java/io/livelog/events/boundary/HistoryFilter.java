package io.livelog.events.boundary;

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
import java.util.List;

/**
 * {@code GET /api/logs} answered before JAX-RS (ADR 0016): a poll for new events is what
 * short-polling clients send every second, and Jersey's per-request machinery cost more server CPU
 * than the read itself. Authentication has already run (the {@code /api/*} constraint); this checks
 * the role, which JAX-RS would have checked, and calls {@link HistoryResource}'s one mapping. Every
 * other method goes on.
 */
@WebFilter(urlPatterns = {"/api/logs", "/api/logs/"})
public class HistoryFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  @Inject HistoryResource history;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!"GET".equals(request.getMethod())) {
      chain.doFilter(request, response);
      return;
    }
    if (!request.isUserInRole(Roles.VIEWER)) {
      ServletProblem.write(
          response, 403, "Forbidden", "history needs the " + Roles.VIEWER + " role", null, 0);
      return;
    }
    ServletAnswer.send(
        history.history(
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
            request.getParameter("regex")),
        response);
  }

  private static List<String> values(HttpServletRequest request, String name) {
    String[] values = request.getParameterValues(name);
    return values == null ? List.of() : List.of(values);
  }
}
