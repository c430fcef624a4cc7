package io.livelog.security.boundary;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.security.control.LoginThrottle;
import io.livelog.security.control.TokenCredential;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * One mechanism, three ways in, one identity store handler behind them (ADR 0005):
 *
 * <ul>
 *   <li>the login form ({@code POST /login}), which opens a session so that the page's {@code
 *       EventSource} needs no credentials in its URL;
 *   <li>HTTP Basic and {@code Authorization: Bearer} for API clients, without a session.
 * </ul>
 *
 * Unauthenticated API requests get 401 with {@code WWW-Authenticate}; pages redirect to the form.
 * It also sets the security headers, since it sees every request, errors included.
 */
@ApplicationScoped
public class LivelogAuthentication implements HttpAuthenticationMechanism {

  static final String SESSION_USER = "livelog.user";
  static final String SESSION_GROUPS = "livelog.groups";
  private static final String CHALLENGE = "Basic realm=\"livelog\", Bearer realm=\"livelog\"";

  @Inject IdentityStoreHandler identities;
  @Inject LoginThrottle throttle;
  @Inject SameOrigin sameOrigin;
  @Inject Cors cors;
  @Inject Event<LogEvent> events;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    SecurityHeaders.apply(response);
    String path = path(request);
    if (cors.handle(request, response, path)) {
      return context.doNothing();
    }
    String authorization = request.getHeader("Authorization");
    if (authorization != null && !authorization.isBlank()) {
      return header(authorization, request, response, context, path);
    }
    if ("/login".equals(path) && "POST".equals(request.getMethod())) {
      return formLogin(request, response, context);
    }
    HttpSession session = request.getSession(false);
    if (session != null && session.getAttribute(SESSION_USER) instanceof String user) {
      if (isUnsafe(request) && !sameOrigin.test(request)) {
        return problem(response, context, 403, "Forbidden", "cross-site request refused");
      }
      @SuppressWarnings("unchecked")
      Set<String> groups = (Set<String>) session.getAttribute(SESSION_GROUPS);
      return context.notifyContainerAboutLogin(user, groups);
    }
    if (!context.isProtected()) {
      return context.doNothing();
    }
    if (isApi(path)) {
      response.setHeader("WWW-Authenticate", challengeFor(request));
      return problem(response, context, 401, "Unauthorized", "authentication required");
    }
    return context.redirect(request.getContextPath() + "/login.jsp");
  }

  private AuthenticationStatus header(
      String authorization,
      HttpServletRequest request,
      HttpServletResponse response,
      HttpMessageContext context,
      String path) {
    Credential credential;
    String caller;
    if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      String[] userPassword = decodeBasic(authorization.substring(6).trim());
      if (userPassword == null) {
        return unauthorized(response, context, "malformed Basic credentials");
      }
      caller = userPassword[0];
      credential = new UsernamePasswordCredential(userPassword[0], userPassword[1]);
    } else if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      caller = "(bearer token)";
      credential = new TokenCredential(authorization.substring(7).trim());
    } else {
      return unauthorized(response, context, "unsupported Authorization scheme");
    }
    String client = clientKey(request, caller);
    long wait = throttle.waitSeconds(client);
    if (wait > 0) {
      response.setHeader("Retry-After", Long.toString(wait));
      return problem(response, context, 429, "Too many requests", "too many failed logins");
    }
    CredentialValidationResult result = identities.validate(credential);
    if (result.getStatus() != CredentialValidationResult.Status.VALID) {
      failed(client, caller, request, path);
      return unauthorized(response, context, "invalid credentials");
    }
    throttle.succeeded(client);
    return context.notifyContainerAboutLogin(result);
  }

  private AuthenticationStatus formLogin(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    String login = request.getContextPath() + "/login.jsp";
    if (!sameOrigin.test(request)) {
      return problem(response, context, 403, "Forbidden", "cross-site login refused");
    }
    String user = request.getParameter("username");
    String password = request.getParameter("password");
    String client = clientKey(request, user);
    long wait = throttle.waitSeconds(client);
    if (wait > 0) {
      return context.redirect(login + "?wait=" + wait);
    }
    if (user == null || password == null) {
      return context.redirect(login + "?error");
    }
    CredentialValidationResult result =
        identities.validate(new UsernamePasswordCredential(user, password));
    if (result.getStatus() != CredentialValidationResult.Status.VALID) {
      failed(client, user, request, "/login");
      return context.redirect(login + "?error");
    }
    throttle.succeeded(client);
    HttpSession old = request.getSession(false);
    if (old != null) {
      old.invalidate();
    }
    HttpSession session = request.getSession(true);
    session.setAttribute(SESSION_USER, result.getCallerPrincipal().getName());
    session.setAttribute(SESSION_GROUPS, Set.copyOf(result.getCallerGroups()));
    return context.redirect(request.getContextPath() + "/");
  }

  private void failed(String client, String caller, HttpServletRequest request, String path) {
    throttle.failed(client);
    events.fire(
        new LogEvent(
            null,
            System.currentTimeMillis(),
            Level.WARN,
            LivelogAuthentication.class.getName(),
            "security",
            null,
            null,
            "Failed login for '" + printable(caller) + "' from " + request.getRemoteAddr(),
            null,
            Map.of("path", path, "remote", request.getRemoteAddr())));
  }

  private static String printable(String text) {
    if (text == null) {
      return "";
    }
    String clipped = text.length() > 100 ? text.substring(0, 100) + "…" : text;
    return clipped.replaceAll("\\p{Cntrl}", "?");
  }

  private static String clientKey(HttpServletRequest request, String caller) {
    return request.getRemoteAddr() + "|" + (caller == null ? "" : caller);
  }

  /**
   * The challenge for a request without credentials. A script of the page (fetch, EventSource: the
   * browser marks them with {@code Sec-Fetch-Mode} other than {@code navigate}) is offered Bearer
   * only: a Basic challenge would make the browser hold the request behind a password dialog, while
   * the page wants the 401 itself to go back to the sign-in form.
   */
  static String challengeFor(HttpServletRequest request) {
    String mode = request.getHeader("Sec-Fetch-Mode");
    return mode != null && !"navigate".equals(mode) ? "Bearer realm=\"livelog\"" : CHALLENGE;
  }

  private static String[] decodeBasic(String encoded) {
    try {
      String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0
          ? null
          : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static AuthenticationStatus unauthorized(
      HttpServletResponse response, HttpMessageContext context, String detail) {
    response.setHeader("WWW-Authenticate", CHALLENGE);
    return problem(response, context, 401, "Unauthorized", detail);
  }

  static AuthenticationStatus problem(
      HttpServletResponse response,
      HttpMessageContext context,
      int status,
      String title,
      String detail) {
    try {
      response.setStatus(status);
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("UTF-8");
      response
          .getWriter()
          .write(
              Json.createObjectBuilder()
                  .add("type", "about:blank")
                  .add("title", title)
                  .add("status", status)
                  .add("detail", detail)
                  .build()
                  .toString());
      response.flushBuffer();
    } catch (IOException ignored) {
      // the client is gone
    }
    return AuthenticationStatus.SEND_FAILURE;
  }

  private static boolean isUnsafe(HttpServletRequest request) {
    String method = request.getMethod();
    return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
  }

  static boolean isApi(String path) {
    return path.startsWith("/api/") || "/api".equals(path);
  }

  static String path(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    return uri.startsWith(context) ? uri.substring(context.length()) : uri;
  }
}
