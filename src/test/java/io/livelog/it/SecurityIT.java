package io.livelog.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livelog.testsupport.Api;
import io.livelog.testsupport.BlackBox;
import io.livelog.testsupport.Browser;
import io.livelog.testsupport.Deployments;
import io.livelog.testsupport.Problems;
import io.livelog.testsupport.ServerLog;
import io.livelog.testsupport.Servers;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Who may do what, against the deployed WAR: the authorization matrix, the login form in Chromium,
 * logout, CSRF, CORS, cookies, headers, the lock-out, and that no secret leaks.
 */
class SecurityIT extends BlackBox {

  static final Path DIR =
      Path.of(System.getProperty("livelog.basedir", "."), "target", "it-security");
  static final String VIEWER_PASSWORD = "viewer-" + UUID.randomUUID();
  static final String PRODUCER_PASSWORD = "producer-" + UUID.randomUUID();
  static final String ALLOWED_ORIGIN = "http://allowed.example";

  @Deployment(testable = false)
  @TargetsContainer("payara-micro-realm")
  static WebArchive deployment() throws IOException {
    // Payara's file realm, filled the way payara-config/realm-users.asadmin documents
    ServerLog.clear(DIR);
    Files.writeString(DIR.resolve("viewer.pw"), "AS_ADMIN_USERPASSWORD=" + VIEWER_PASSWORD + "\n");
    Files.writeString(
        DIR.resolve("producer.pw"), "AS_ADMIN_USERPASSWORD=" + PRODUCER_PASSWORD + "\n");
    Files.writeString(
        DIR.resolve("realm-users.asadmin"),
        "create-file-user --groups livelog-viewer --passwordfile "
            + DIR.resolve("viewer.pw")
            + " vera\n"
            + "create-file-user --groups livelog-producer --passwordfile "
            + DIR.resolve("producer.pw")
            + " pete\n");
    // the matrix alone fails 7 logins from 127.0.0.1: more free failures than the default 10
    return Deployments.livelog(
        "livelog.cors.origins=" + ALLOWED_ORIGIN, "livelog.login.freeFailures=30");
  }

  enum Who {
    ANONYMOUS,
    VIEWER,
    PRODUCER,
    ADMIN,
    BEARER,
    WRONG_PASSWORD,
    EXPIRED_SESSION
  }

  record Cell(String method, String path) {}

  static final List<Cell> ENDPOINTS =
      List.of(
          new Cell("GET", ""),
          new Cell("GET", "assets/app.js"),
          new Cell("GET", "api/stream"),
          new Cell("GET", "api/logs"),
          new Cell("POST", "api/logs"),
          new Cell("GET", "api/stats"),
          new Cell("GET", "/health"));

  /** Expected status per identity, in the order of {@link #ENDPOINTS}. */
  static final Map<Who, List<Integer>> EXPECTED = new LinkedHashMap<>();

  static {
    EXPECTED.put(Who.ANONYMOUS, List.of(302, 302, 401, 401, 401, 401, 200));
    EXPECTED.put(Who.VIEWER, List.of(200, 200, 200, 200, 403, 200, 200));
    EXPECTED.put(Who.PRODUCER, List.of(403, 403, 403, 403, 202, 403, 200));
    EXPECTED.put(Who.ADMIN, List.of(200, 200, 200, 200, 202, 200, 200));
    EXPECTED.put(Who.BEARER, List.of(403, 403, 403, 403, 202, 403, 200));
    EXPECTED.put(Who.WRONG_PASSWORD, List.of(401, 401, 401, 401, 401, 401, 200));
    EXPECTED.put(Who.EXPIRED_SESSION, List.of(302, 302, 401, 401, 401, 401, 200));
  }

  @Test
  void authorizationMatrix() throws Exception {
    String expiredCookie = expiredSessionCookie();
    List<String> mismatches = new ArrayList<>();
    StringBuilder table = new StringBuilder();
    for (Map.Entry<Who, List<Integer>> row : EXPECTED.entrySet()) {
      if (Servers.wildFly() && (row.getKey() == Who.VIEWER || row.getKey() == Who.PRODUCER)) {
        continue; // vera and pete live in Payara's file realm, which WildFly does not have
      }
      table.append(String.format("%-16s", row.getKey()));
      for (int i = 0; i < ENDPOINTS.size(); i++) {
        Cell cell = ENDPOINTS.get(i);
        int status = call(cell, row.getKey(), expiredCookie);
        table.append(String.format(" %s %s=%d", cell.method(), cell.path(), status));
        if (status != row.getValue().get(i)) {
          mismatches.add(
              row.getKey()
                  + " "
                  + cell
                  + ": expected "
                  + row.getValue().get(i)
                  + ", got "
                  + status);
        }
      }
      table.append('\n');
    }
    System.out.println(table);
    assertThat(mismatches).isEmpty();
  }

  private int call(Cell cell, Who who, String expiredCookie) throws Exception {
    java.net.URI uri =
        cell.path().startsWith("/") ? api.base().resolve(cell.path()) : api.uri(cell.path());
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
    switch (who) {
      case VIEWER -> request.header("Authorization", Api.basic("vera", VIEWER_PASSWORD));
      case PRODUCER -> request.header("Authorization", Api.basic("pete", PRODUCER_PASSWORD));
      case ADMIN -> request.header("Authorization", Api.admin());
      case BEARER -> request.header("Authorization", Api.bearer());
      case WRONG_PASSWORD ->
          request.header("Authorization", Api.basic("admin", "not-the-password"));
      case EXPIRED_SESSION -> request.header("Cookie", expiredCookie);
      default -> {}
    }
    if (cell.method().equals("POST")) {
      request
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"matrix " + who + "\"}"));
    } else {
      request.GET();
    }
    if (cell.path().equals("api/stream")) {
      HttpResponse<java.io.InputStream> response =
          api.http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      response.body().close();
      return response.statusCode();
    }
    return api.http().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** Logs in with the form, logs out, and returns the now dead session's cookie. */
  private String expiredSessionCookie() {
    String cookie = formLogin("admin", Deployments.ADMIN_PASSWORD);
    assertThat(
            api.send(api.request("api/stats", null).header("Cookie", cookie).GET().build())
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> out =
        api.send(
            api.request("logout", null)
                .header("Cookie", cookie)
                .header("Origin", origin())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(out.statusCode()).isEqualTo(302);
    return cookie;
  }

  private String origin() {
    return "http://127.0.0.1:" + api.base().getPort();
  }

  /** Signs in through the form as a same-origin browser would; returns the session cookie. */
  private String formLogin(String user, String password) {
    String setCookie = sessionCookieOf(postLogin(user, password, origin()));
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private HttpResponse<String> postLogin(String user, String password, String origin) {
    return api.send(
        api.request("login", null)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", origin)
            .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password))
            .build());
  }

  private static String sessionCookieOf(HttpResponse<String> response) {
    assertThat(response.statusCode()).isBetween(302, 303);
    assertThat(response.headers().firstValue("Location").orElse("")).doesNotContain("login.jsp");
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("JSESSIONID="))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theSessionCookieIsHttpOnlyAndSameSiteStrict() {
    String cookie = sessionCookieOf(postLogin("admin", Deployments.ADMIN_PASSWORD, origin()));
    assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
  }

  @Test
  void crossSiteStateChangesAreRefusedButBearerIngestIsExempt() {
    String cookie = formLogin("admin", Deployments.ADMIN_PASSWORD);
    HttpResponse<String> evilLogout =
        api.send(
            api.request("logout", null)
                .header("Cookie", cookie)
                .header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(evilLogout.statusCode()).isEqualTo(403);
    HttpResponse<String> evilIngest =
        api.send(
            api.request("api/logs", null)
                .header("Cookie", cookie)
                .header("Origin", "http://evil.example")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"csrf\"}"))
                .build());
    assertThat(evilIngest.statusCode()).isEqualTo(403);
    HttpResponse<String> evilLogin =
        postLogin("admin", Deployments.ADMIN_PASSWORD, "http://evil.example");
    assertThat(evilLogin.statusCode()).isEqualTo(403);
    // still logged in: the refused logout did nothing
    assertThat(
            api.send(api.request("api/stats", null).header("Cookie", cookie).GET().build())
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> bearer =
        api.send(
            api.request("api/logs", Api.bearer())
                .header("Origin", "http://evil.example")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"bearer from anywhere\"}"))
                .build());
    assertThat(bearer.statusCode()).isEqualTo(202);
  }

  @Test
  void corsIsOpenOnlyToListedOriginsForStreamAndHistory() {
    HttpResponse<String> allowed =
        api.send(
            api.request("api/logs?limit=1", Api.admin())
                .header("Origin", ALLOWED_ORIGIN)
                .GET()
                .build());
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue(ALLOWED_ORIGIN);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
    HttpResponse<String> other =
        api.send(
            api.request("api/logs?limit=1", Api.admin())
                .header("Origin", "http://other.example")
                .GET()
                .build());
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    HttpResponse<String> stats =
        api.send(
            api.request("api/stats", Api.admin()).header("Origin", ALLOWED_ORIGIN).GET().build());
    assertThat(stats.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    HttpResponse<String> preflight =
        api.send(
            api.request("api/stream", null)
                .header("Origin", ALLOWED_ORIGIN)
                .header("Access-Control-Request-Method", "GET")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue(ALLOWED_ORIGIN);
  }

  @Test
  void everyResponseCarriesTheSecurityHeaders() {
    for (HttpResponse<String> response :
        List.of(
            api.get("", Api.admin()),
            api.get("api/stats", Api.admin()),
            api.get("api/stats", null),
            api.get("login.jsp", null),
            api.get("api/nothing-here", Api.admin()))) {
      String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
      assertThat(csp)
          .as(response.uri().toString())
          .contains(
              "script-src 'self'",
              "frame-ancestors 'none'",
              "object-src 'none'",
              "require-trusted-types-for 'script'")
          .doesNotContain("unsafe-inline", "unsafe-eval");
      assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }
    HttpResponse<String> unauthorized = api.get("api/stats", null);
    assertThat(unauthorized.headers().firstValue("WWW-Authenticate").orElse(""))
        .contains("Basic", "Bearer");
    assertThat(unauthorized.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
  }

  @Test
  void aFailedLoginIsASecuritySummaryThatShowsNeitherPasswordNorUnknownName() {
    String user = "mallory-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "guess-" + UUID.randomUUID();
    assertThat(api.get("api/stats", Api.basic(user, password)).statusCode()).isEqualTo(401);
    await()
        .atMost(40, TimeUnit.SECONDS)
        .pollInterval(500, TimeUnit.MILLISECONDS)
        .until(
            () ->
                api.history("?source=security&limit=1000").stream()
                    .map(e -> e.asJsonObject().getString("message"))
                    .anyMatch(m -> m.contains("failed login") && m.contains("(unknown)")));
    assertThat(api.history("?source=security&limit=1000").toString())
        .doesNotContain(user, password);
  }

  @Test
  void refusalsOfTheSecurityMechanismArePlainProblemsThatLogNoError() {
    List<Map.Entry<String, HttpResponse<String>>> refusals =
        List.of(
            Map.entry("authentication required", api.get("api/stats", null)),
            Map.entry(
                "malformed or unsupported Authorization header", api.get("api/stats", "Basic !")),
            Map.entry("invalid credentials", api.get("api/stats", Api.basic("nobody", "nothing"))),
            Map.entry(
                "authentication required",
                api.post("api/logs", null, "application/json", "{\"message\":\"unsigned\"}")));
    refusals.forEach(
        entry -> {
          String detail = entry.getKey();
          HttpResponse<String> response = entry.getValue();
          Problems.assertProblem(response, 401, null);
          assertThat(Api.object(response.body()).getString("detail")).isEqualTo(detail);
          assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        });
    // later requests on the same client, so that whatever the refusals logged is written
    for (int i = 0; i < 20; i++) {
      assertThat(api.get("api/stats", Api.admin()).statusCode()).isEqualTo(200);
    }
    String log = ServerLog.read(Servers.wildFly() ? Servers.wildFlyLog() : DIR);
    assertThat(log)
        .as("a refusal must not make the container log an error (WildFly: UT010019)")
        .doesNotContain("UT010019", "UT005023", "already commit");
  }

  @Test
  void noPasswordOrTokenAppearsInEventsResponsesOrThePage() throws IOException {
    api.get("api/stats", Api.basic("admin", "wrong-" + VIEWER_PASSWORD));
    List<String> bodies =
        List.of(
            api.get("api/logs?limit=1000", Api.admin()).body(),
            api.get("api/stats", Api.admin()).body(),
            api.get("", Api.admin()).body(),
            api.get("login.jsp", null).body());
    for (String body : bodies) {
      assertThat(body)
          .doesNotContain(
              Deployments.ADMIN_PASSWORD,
              Deployments.INGEST_TOKEN,
              VIEWER_PASSWORD,
              PRODUCER_PASSWORD);
    }
    // a configured start generates no password
    String log = ServerLog.read(Servers.wildFly() ? Servers.wildFlyLog() : DIR);
    assertThat(log).contains(Servers.wildFly() ? "WildFly" : "Payara Micro");
    assertThat(log)
        .doesNotContain("generated one")
        .doesNotContain(
            Deployments.ADMIN_PASSWORD,
            Deployments.INGEST_TOKEN,
            VIEWER_PASSWORD,
            PRODUCER_PASSWORD);
  }

  @Test
  void theBrowserSignsInSeesTheStreamSignsOutAndIsAskedToSignInAgain() {
    ChromeDriver driver = Browser.start();
    try {
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
      driver.get(api.base().toString());
      wait.until(ExpectedConditions.urlContains("login.jsp"));
      Browser.signIn(driver, api, "admin", Deployments.ADMIN_PASSWORD);
      wait.until(ExpectedConditions.attributeToBe(By.id("status"), "data-state", "connected"));
      String message = "browser-" + UUID.randomUUID();
      await()
          .atMost(20, TimeUnit.SECONDS)
          .pollInterval(500, TimeUnit.MILLISECONDS)
          .until(
              () -> {
                api.fire(message);
                return !driver
                    .findElements(
                        By.xpath("//*[contains(@class,'message') and text()='" + message + "']"))
                    .isEmpty();
              });
      int before = api.stats().getInt("subscribers");
      driver.findElement(By.id("logout")).click();
      wait.until(ExpectedConditions.urlContains("login.jsp"));
      await().atMost(15, TimeUnit.SECONDS).until(() -> api.stats().getInt("subscribers") < before);
      driver.get(api.base().toString());
      wait.until(ExpectedConditions.urlContains("login.jsp"));
      assertThat(driver.getPageSource()).doesNotContain(Deployments.ADMIN_PASSWORD);
    } finally {
      driver.quit();
    }
  }
}
