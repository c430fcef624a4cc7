package io.livelog.problem.boundary;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The error page of every status and exception the container answers itself (web.xml {@code
 * error-page}): problem+json instead of the container's HTML page, and for an exception an incident
 * id instead of a stack trace. Called directly, it is a 404 like any unknown path.
 */
@WebServlet("/problem")
public class ErrorServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    int status = code instanceof Integer number ? number : 404;
    String where = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
    if (failure != null || status >= 500) {
      ServletProblem.incident(
          response, failure != null ? 500 : status, Incidents.log(where, failure));
      return;
    }
    String pending = ServletProblem.pending(request, status);
    if (pending != null) {
      ServletProblem.write(response, status, pending);
      return;
    }
    ServletProblem.write(response, status, title(status), null);
  }

  private static String title(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 408 -> "Request timeout";
      case 413 -> "Payload too large";
      case 414 -> "URI too long";
      case 415 -> "Unsupported media type";
      case 429 -> "Too many requests";
      default -> "Error";
    };
  }
}
