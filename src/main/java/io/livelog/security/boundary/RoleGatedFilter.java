package io.livelog.security.boundary;

import io.livelog.problem.boundary.ServletAnswer;
import io.livelog.problem.boundary.ServletProblem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;

/**
 * Answers one HTTP method of its URL before JAX-RS (ADR 0016): for requests that clients send many
 * times a second, Jersey's per-request machinery costs more server CPU than the work itself.
 * Authentication has already run (the {@code /api/*} constraint); this checks the role that JAX-RS
 * would have checked (403 as problem JSON without it) and sends the boundary's answer. Every other
 * method goes on to JAX-RS.
 */
public abstract class RoleGatedFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  private final String method;
  private final String role;
  private final String what;

  /**
   * @param method the HTTP method answered here
   * @param role the role it needs
   * @param what what the 403 says needs the role
   */
  protected RoleGatedFilter(String method, String role, String what) {
    this.method = method;
    this.role = role;
    this.what = what;
  }

  @Override
  protected final void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!method.equals(request.getMethod())) {
      chain.doFilter(request, response);
      return;
    }
    if (!request.isUserInRole(role)) {
      ServletProblem.write(
          response, 403, "Forbidden", what + " needs the " + role + " role", null, 0);
      return;
    }
    ServletAnswer.send(answer(request), response);
  }

  /** The boundary's answer to the request, which has the role. */
  protected abstract Response answer(HttpServletRequest request) throws IOException;
}
