package io.livelog.security.boundary;

import io.livelog.stream.control.StreamHub;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/** {@code POST /logout}: closes the session's streams, ends the session, back to the form. */
@WebServlet("/logout")
public class LogoutServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject StreamHub hub;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    HttpSession session = request.getSession(false);
    if (session != null) {
      hub.closeSession(session.getId());
      session.invalidate();
    }
    request.logout();
    response.sendRedirect(request.getContextPath() + "/login.jsp?out");
  }
}
