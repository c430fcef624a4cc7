package io.livelog.security.boundary;

import io.livelog.problem.boundary.ServletProblem;
import io.livelog.security.control.LoginAudit;
import io.livelog.security.control.LoginThrottle;
import io.livelog.security.control.ReturnTo;
import io.livelog.security.control.TrustedProxies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * One mechanism, three ways in, one identity store handler behind them (ADR 0005): the login form
 * ({@code POST /login}, which opens a session so that the page's {@code EventSource} needs no
 * credentials in its URL) for people, HTTP Basic and {@code Authorization: Bearer} for programs.
 *
 * <p>A browser navigation without a session goes to the form (back to where it was going after
 * sign-in); programs get 401 with {@code WWW-Authenticate}; browsers are never offered Basic.
 * Failed logins are throttled per client address ({@link LoginThrottle}) and summarised ({@link
 * LoginAudit}). It also sets the security headers, since it sees every request, errors included.
 */
@ApplicationScoped
public class LivelogAuthentication implements HttpAuthenticationMechanism {

  static final String SESSION_USER = "livelog.user";
  static final String SESSION_GROUPS = "livelog.groups";
  static final String CHALLENGE = "Basic realm=\"livelog\", Bearer realm=\"livelog\"";
  static final String BROWSER_CHALLENGE = "Bearer realm=\"livelog\"";

  @Inject IdentityStoreHandler identities;
  @Inject LoginThrottle throttle;
  @Inject LoginAudit audit;
  @Inject TrustedProxies proxies;
  @Inject SameOrigin sameOrigin;
  @Inject Cors cors;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    SecurityHeaders.apply(request, response);
    String path = path(request);
    if (cors.handle(request, response, path)) {
      return context.doNothing();
    }
    String authorization = request.getHeader("Authorization");
    if (authorization != null && !authorization.isBlank()) {
      if (Browsers.isUnsafe(request) && Browsers.isCrossSite(request)) {
        return problem(
            request, response, 403, "Forbidden", "cross-site request with credentials refused");
      }
      return header(authorization, request, response, context);
    }
    if ("/login".equals(path) && "POST".equals(request.getMethod())) {
      return formLogin(request, response, context);
    }
    HttpSession session = request.getSession(false);
    if (session != null && session.getAttribute(SESSION_USER) instanceof String user) {
      if (Browsers.isUnsafe(request) && !sameOrigin.test(request)) {
        return problem(request, response, 403, "Forbidden", "cross-site request refused");
      }
      @SuppressWarnings("unchecked")
      Set<String> groups = (Set<String>) session.getAttribute(SESSION_GROUPS);
      return context.notifyContainerAboutLogin(user, groups);
    }
    if (!context.isProtected()) {
      return context.doNothing();
    }
    if (isApi(path) && !Browsers.isNavigation(request)) {
      response.setHeader("WWW-Authenticate", challengeFor(request));
      return problem(request, response, 401, "Unauthorized", "authentication required");
    }
    return context.redirect(loginPage(request));
  }

  private AuthenticationStatus header(
      String authorization,
      HttpServletRequest request,
      HttpServletResponse response,
      HttpMessageContext context) {
    Credential credential = Credentials.parse(authorization);
    if (credential == null) {
      return unauthorized(request, response, "malformed or unsupported Authorization header");
    }
    String user = Credentials.user(credential);
    String client = client(request);
    long wait = throttle.waitSeconds(client);
    if (wait > 0) {
      audit.refused(client, user);
      response.setHeader("Retry-After", Long.toString(wait));
      return problem(
          request, response, 429, "Too many requests", "too many failed logins; retry later");
    }
    CredentialValidationResult result = identities.validate(credential);
    if (result.getStatus() != CredentialValidationResult.Status.VALID) {
      throttle.failed(client);
      audit.failed(client, user);
      return unauthorized(request, response, "invalid credentials");
    }
    audit.succeeded(user);
    return context.notifyContainerAboutLogin(result);
  }

  private AuthenticationStatus formLogin(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    if (!sameOrigin.test(request)) {
      return problem(request, response, 403, "Forbidden", "cross-site login refused");
    }
    String user = request.getParameter("username");
    String password = request.getParameter("password");
    String next = ReturnTo.of(request.getContextPath(), request.getParameter("next")).orElse(null);
    String client = client(request);
    long wait = throttle.waitSeconds(client);
    if (wait > 0) {
      audit.refused(client, user);
      return context.redirect(loginPage(request, "wait=" + wait, next));
    }
    if (user == null || password == null) {
      return context.redirect(loginPage(request, "error", next));
    }
    CredentialValidationResult result =
        identities.validate(new UsernamePasswordCredential(user, password));
    if (result.getStatus() != CredentialValidationResult.Status.VALID) {
      throttle.failed(client);
      audit.failed(client, user);
      return context.redirect(loginPage(request, "error", next));
    }
    audit.succeeded(user);
    HttpSession old = request.getSession(false);
    if (old != null) {
      old.invalidate();
    }
    HttpSession session = request.getSession(true);
    session.setAttribute(SESSION_USER, result.getCallerPrincipal().getName());
    session.setAttribute(SESSION_GROUPS, Set.copyOf(result.getCallerGroups()));
    return context.redirect(next != null ? next : request.getContextPath() + "/");
  }

  private String client(HttpServletRequest request) {
    return proxies.clientAddress(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
  }

  /**
   * The form; a navigation by GET remembers where it was going (the fragment stays in the browser).
   */
  private static String loginPage(HttpServletRequest request) {
    String next = null;
    if ("GET".equals(request.getMethod()) && Browsers.isNavigation(request)) {
      String query = request.getQueryString();
      next =
          ReturnTo.of(
                  request.getContextPath(),
                  request.getRequestURI() + (query == null ? "" : "?" + query))
              .orElse(null);
    }
    return loginPage(request, null, next);
  }

  private static String loginPage(HttpServletRequest request, String flag, String next) {
    StringBuilder url = new StringBuilder(request.getContextPath()).append("/login.jsp");
    char separator = '?';
    if (flag != null) {
      url.append(separator).append(flag);
      separator = '&';
    }
    if (next != null) {
      url.append(separator).append("next=").append(URLEncoder.encode(next, StandardCharsets.UTF_8));
    }
    return url.toString();
  }

  /**
   * The challenge for a request without valid credentials: programs are offered Basic and Bearer; a
   * browser (it marks its requests with {@code Sec-Fetch-*}) only Bearer, since a Basic challenge
   * would make it show a password dialog and then attach the typed credentials to later requests,
   * cross-site ones included.
   */
  static String challengeFor(HttpServletRequest request) {
    return Browsers.isBrowser(request) ? BROWSER_CHALLENGE : CHALLENGE;
  }

  private static AuthenticationStatus unauthorized(
      HttpServletRequest request, HttpServletResponse response, String detail) {
    response.setHeader("WWW-Authenticate", challengeFor(request));
    return problem(request, response, 401, "Unauthorized", detail);
  }

  /**
   * A refusal, left in the response buffer rather than flushed: Undertow (WildFly) answers a failed
   * authentication with {@code sendError} of the status, which on a committed response logged an
   * ERROR with a stack trace for every 401 (UT010019); uncommitted, its error dispatch reaches
   * {@code ErrorServlet}, which sends this same problem (ADR 0016). Payara sends the buffer.
   */
  private static AuthenticationStatus problem(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String title,
      String detail) {
    ServletProblem.refuse(request, response, status, title, detail);
    return AuthenticationStatus.SEND_FAILURE;
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
