package io.livelog.problem.boundary;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Writes a problem+json answer where there is no JAX-RS: the security mechanism, error pages. */
public final class ServletProblem {

  private ServletProblem() {}

  public static void write(HttpServletResponse response, int status, String title, String detail) {
    write(response, status, Problem.body(status, title, detail, null, null));
  }

  /** A problem naming a field (may be null), with {@code Retry-After} when it is above 0. */
  public static void write(
      HttpServletResponse response,
      int status,
      String title,
      String detail,
      String field,
      long retryAfterSeconds) {
    if (retryAfterSeconds > 0 && !response.isCommitted()) {
      response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
    }
    write(response, status, Problem.body(status, title, detail, field, null));
  }

  /**
   * A refusal of the security mechanism: the problem is buffered, not flushed, and kept on the
   * request so that an error dispatch the container makes for the same status sends it unchanged
   * ({@link ErrorServlet}).
   */
  public static void refuse(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String title,
      String detail) {
    String body = Problem.body(status, title, detail, null, null);
    request.setAttribute(PENDING, new Pending(status, body));
    write(response, status, body, false);
  }

  /** The problem {@link #refuse} left on this request for this status, or null. */
  static String pending(HttpServletRequest request, int status) {
    return request.getAttribute(PENDING) instanceof Pending p && p.status() == status
        ? p.body()
        : null;
  }

  private static final String PENDING = "io.livelog.problem.pending";

  private record Pending(int status, String body) {}

  /** A server error (500, or the container's own 5xx) naming only its incident id. */
  public static void incident(HttpServletResponse response, int status, String id) {
    String title = status == 500 ? "Internal server error" : "Server error";
    write(response, status, Problem.body(status, title, Problem.incidentDetail(id), null, id));
  }

  static void write(HttpServletResponse response, int status, String body) {
    write(response, status, body, true);
  }

  private static void write(HttpServletResponse response, int status, String body, boolean flush) {
    if (response.isCommitted()) {
      return;
    }
    try {
      response.resetBuffer();
      response.setStatus(status);
      response.setContentType(Problem.MEDIA_TYPE);
      response.setCharacterEncoding("UTF-8");
      response.getWriter().write(body);
      if (flush) {
        response.flushBuffer();
      }
    } catch (IOException | IllegalStateException ignored) {
      // the client is gone, or the body went out another way
    }
  }
}
