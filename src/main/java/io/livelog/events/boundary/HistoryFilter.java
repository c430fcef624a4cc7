package io.livelog.events.boundary;

import io.livelog.security.boundary.RoleGatedFilter;
import io.livelog.security.control.Roles;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code GET /api/logs} answered before JAX-RS ({@link RoleGatedFilter}, ADR 0016): a poll for new
 * events is what short-polling clients send every second. Calls {@link HistoryResource}'s one
 * mapping.
 */
@WebFilter(urlPatterns = {"/api/logs", "/api/logs/"})
public class HistoryFilter extends RoleGatedFilter {

  private static final long serialVersionUID = 1L;

  @Inject transient HistoryResource history;

  public HistoryFilter() {
    super("GET", Roles.VIEWER, "history");
  }

  @Override
  protected Response answer(HttpServletRequest request) {
    return history.history(
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
        request.getParameter("regex"));
  }

  private static List<String> values(HttpServletRequest request, String name) {
    String[] values = request.getParameterValues(name);
    return values == null ? List.of() : List.of(values);
  }
}
