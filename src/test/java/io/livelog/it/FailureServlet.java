package io.livelog.it;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Added to HardeningIT's WAR only: a servlet (outside JAX-RS) that fails the way a bug would. */
@WebServlet("/test-failure")
public class FailureServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) {
    throw new IllegalStateException(
        "servlet failed while holding " + request.getParameter("secret"));
  }
}
