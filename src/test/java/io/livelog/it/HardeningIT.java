package io.livelog.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livelog.testsupport.Api;
import io.livelog.testsupport.BlackBox;
import io.livelog.testsupport.Browser;
import io.livelog.testsupport.Deployments;
import io.livelog.testsupport.Problems;
import io.livelog.testsupport.ServerLog;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Livelog tried from outside as an attacker or a careless client would (issue 10): every bad input
 * gets problem+json, failed logins are throttled per address and summarised, browsers get the form
 * and never Basic, a session's streams end with it, and the server listens on nothing but its HTTP
 * and HTTPS ports. The test client on 127.0.0.1 is the trusted proxy; 127.0.0.2 and 127.0.0.3 are
 * other clients.
 */
class HardeningIT extends BlackBox {

  static final Path DIR =
      Path.of(System.getProperty("livelog.basedir", "."), "target", "it-hardening");
  static final Pattern HTTPS_PORT =
      Pattern.compile("https-listener started in: \\d+ms - bound to \\[/0\\.0\\.0\\.0:(\\d+)\\]");
  static final int SESSION_SECONDS = 6;
  static final String ATTACKER = "127.0.0.3";
  static final String OTHER_CLIENT = "127.0.0.2";

  @Deployment(testable = false)
  @TargetsContainer("payara-micro-hardening")
  static WebArchive deployment() {
    ServerLog.clear(DIR);
    WebArchive war =
        Deployments.livelog(
                "livelog.proxy.trusted=127.0.0.1",
                "livelog.session.timeoutSeconds=" + SESSION_SECONDS)
            .addClasses(FailureProbe.class, FailureServlet.class);
    // Payara looks for expired sessions once a minute; every second here, so the test is quick.
    String descriptor = "WEB-INF/glassfish-web.xml";
    String text;
    try (InputStream in = war.get(descriptor).getAsset().openStream()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    war.delete(descriptor);
    return war.addAsWebInfResource(
        new StringAsset(
            text.replace(
                "<session-config>",
                "<session-config><session-manager persistence-type=\"memory\"><manager-properties>"
                    + "<property name=\"reapIntervalSeconds\" value=\"1\"/>"
                    + "</manager-properties></session-manager>")),
        "glassfish-web.xml");
  }

  int port;

  @BeforeEach
  void port() {
    port = api.base().getPort();
  }

  String path(String relative) {
    return api.base().getPath() + relative;
  }

  // ---- answers, always problem+json ----------------------------------------------------------

  @Test
  void ingestWithoutOrWithAnUnknownContentTypeIs415ProblemJson() {
    HttpResponse<String> none =
        api.send(
            api.request("api/logs", Api.bearer())
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"no type\"}"))
                .build());
    Problems.assertProblem(none, 415, null);
    for (String type : List.of("text/plain", "application/xml", "*/*", "application/*")) {
      HttpResponse<String> other = api.post("api/logs", Api.bearer(), type, "{\"message\":\"x\"}");
      assertThat(other.statusCode()).as(type).isEqualTo(415);
      Problems.assertProblem(other, 415, null);
    }
    // not a media type at all: the container refuses the header (400) or the filter (415)
    HttpResponse<String> malformed =
        api.post("api/logs", Api.bearer(), "nonsense", "{\"message\":\"x\"}");
    assertThat(malformed.statusCode()).isIn(400, 415);
    Problems.assertProblem(malformed, malformed.statusCode(), null);
    assertThat(api.ingest("{\"message\":\"typed\"}").statusCode()).isEqualTo(202);
  }

  @Test
  void anUnexpectedExceptionIsA500ProblemWithAnIncidentIdTheLogHoldsAndNoText() {
    String secret = "secret-" + UUID.randomUUID();
    for (String relative :
        List.of("api/test-failure?secret=" + secret, "test-failure?secret=" + secret)) {
      HttpResponse<String> response = api.get(relative, Api.admin());
      Problems.assertProblem(response, 500, null);
      assertThat(response.body())
          .as(relative)
          .doesNotContain(secret, "IllegalStateException", "at io.livelog", "<html");
      String incident = Api.object(response.body()).getString("incident");
      assertThat(incident).matches("[0-9a-f-]{36}");
      assertThat(Api.object(response.body()).getString("detail")).contains(incident);
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(() -> ServerLog.read(DIR).contains("Incident " + incident));
    }
  }

  @Test
  void errorsTheContainerAnswersItselfAreProblemJsonNeverHtml() {
    Problems.assertProblem(api.get("api/no-such-thing", Api.admin()), 404, null);
    Problems.assertProblem(api.get("api", Api.admin()), 404, null);
    Problems.assertProblem(api.get("no-such-page.html", Api.admin()), 404, null);
    Problems.assertProblem(api.get("", Api.bearer()), 403, null);
    Problems.assertProblem(
        api.send(api.request("api/stats", Api.admin()).DELETE().build()), 405, null);
    Problems.assertProblem(api.get("login", null), 404, null);
    Problems.assertProblem(api.get("api/logs?after=x", Api.admin()), 400, "after");
  }

  // ---- login abuse bounded --------------------------------------------------------------------

  @Test
  void twoThousandFailedLoginsWithRotatingNamesAreThrottledAndSummarised() {
    long before = securityEventsFrom(ATTACKER).size();
    int unauthorized = 0;
    int refused = 0;
    int firstRefused = -1;
    String guessedPassword = "guess-pw-" + UUID.randomUUID();
    for (int i = 0; i < 2_000; i++) {
      RawHttp.Reply reply =
          RawHttp.send(
              ATTACKER,
              port,
              false,
              "GET",
              path("api/stats"),
              "Authorization",
              Api.basic("user-" + i, guessedPassword),
              "X-Forwarded-For",
              "198.51.100." + (i % 250));
      if (reply.status() == 429) {
        refused++;
        firstRefused = firstRefused < 0 ? i : firstRefused;
        assertThat(reply.header("Retry-After")).matches("\\d+");
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
      } else {
        assertThat(reply.status()).isEqualTo(401);
        unauthorized++;
      }
    }
    assertThat(firstRefused).as("refused after the 10 free failures").isEqualTo(10);
    assertThat(refused).isGreaterThan(1_900);
    assertThat(unauthorized + refused).isEqualTo(2_000);

    // The locks double from 1 s, and refused attempts do not extend them: wait for an attempt
    // that is checked (401), so the lock it starts (2 s or more) covers the next two requests.
    await()
        .atMost(90, TimeUnit.SECONDS)
        .pollInterval(100, TimeUnit.MILLISECONDS)
        .until(
            () ->
                RawHttp.send(
                            ATTACKER,
                            port,
                            false,
                            "GET",
                            path("api/stats"),
                            "Authorization",
                            Api.basic("user-again", guessedPassword))
                        .status()
                    == 401);
    // the same address is refused even with the right password, also when a trusted proxy names
    // it; any other address gets in
    assertThat(adminFrom(ATTACKER, null)).isEqualTo(429);
    assertThat(adminFrom("127.0.0.1", ATTACKER)).as("the proxy names the attacker").isEqualTo(429);
    assertThat(adminFrom(OTHER_CLIENT, null)).isEqualTo(200);
    assertThat(adminFrom("127.0.0.1", "203.0.113.5")).as("through the proxy").isEqualTo(200);
    assertThat(formLoginFrom(OTHER_CLIENT)).isEqualTo(Set.of(302, 200));

    // every attempt is counted, in a few summaries that name no guessed user
    await()
        .atMost(60, TimeUnit.SECONDS)
        .pollInterval(1, TimeUnit.SECONDS)
        .until(
            () ->
                securityEventsFrom(ATTACKER).stream()
                        .skip(before)
                        .mapToLong(
                            e ->
                                e.getJsonObject("fields").getJsonNumber("failures").longValue()
                                    + e.getJsonObject("fields")
                                        .getJsonNumber("refused")
                                        .longValue())
                        .sum()
                    >= 2_002);
    List<JsonObject> summaries = securityEventsFrom(ATTACKER);
    assertThat(summaries.size() - before).isBetween(1L, 20L);
    String all = api.history("?source=security&limit=1000").toString();
    assertThat(all).doesNotContain("user-1", guessedPassword, "198.51.100.");
    assertThat(summaries.get(summaries.size() - 1).getString("message"))
        .contains("(unknown)", ATTACKER);
    assertThat(ServerLog.read(DIR))
        .doesNotContain(guessedPassword, Deployments.ADMIN_PASSWORD, Deployments.INGEST_TOKEN);
  }

  private List<JsonObject> securityEventsFrom(String address) {
    return api.history("?source=security&limit=1000").stream()
        .map(JsonValue::asJsonObject)
        .filter(e -> address.equals(e.getJsonObject("fields").getString("remote", "")))
        .toList();
  }

  private int adminFrom(String from, String forwardedFor) {
    return (forwardedFor == null
            ? RawHttp.send(
                from, port, false, "GET", path("api/stats"), "Authorization", Api.admin())
            : RawHttp.send(
                from,
                port,
                false,
                "GET",
                path("api/stats"),
                "Authorization",
                Api.admin(),
                "X-Forwarded-For",
                forwardedFor))
        .status();
  }

  /** Signs in with the form from {@code from}; returns the login's and the next page's status. */
  private Set<Integer> formLoginFrom(String from) {
    RawHttp.Reply login = formLogin(from, "");
    String cookie = login.header("Set-Cookie");
    assertThat(cookie).startsWith("JSESSIONID=");
    RawHttp.Reply stats =
        RawHttp.send(from, port, false, "GET", path("api/stats"), "Cookie", cookie.split(";")[0]);
    return Set.of(login.status(), stats.status());
  }

  private RawHttp.Reply formLogin(String from, String next) {
    return RawHttp.send(
        from,
        port,
        false,
        "POST",
        path("login"),
        "Origin",
        "http://127.0.0.1:" + port,
        "Content-Type",
        "application/x-www-form-urlencoded",
        "username=admin&password="
            + URLEncoder.encode(Deployments.ADMIN_PASSWORD, StandardCharsets.UTF_8)
            + (next.isEmpty() ? "" : "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)));
  }

  // ---- Basic for programs, forms for people -------------------------------------------------

  @Test
  void browsersAreSentToTheFormAndNeverOfferedBasicProgramsAre() {
    HttpResponse<String> navigation =
        api.send(
            api.request("api/stats?x=1", null)
                .header("Accept", "text/html,application/xhtml+xml")
                .header("Sec-Fetch-Mode", "navigate")
                .header("Sec-Fetch-Site", "none")
                .GET()
                .build());
    assertThat(navigation.statusCode()).isEqualTo(302);
    assertThat(navigation.headers().firstValue("Location").orElse(""))
        .contains(
            "login.jsp?next=" + URLEncoder.encode(path("api/stats?x=1"), StandardCharsets.UTF_8));
    assertThat(navigation.headers().firstValue("WWW-Authenticate")).isEmpty();
    HttpResponse<String> script =
        api.send(
            api.request("api/stats", null)
                .header("Sec-Fetch-Mode", "cors")
                .header("Sec-Fetch-Site", "same-origin")
                .GET()
                .build());
    Problems.assertProblem(script, 401, null);
    assertThat(script.headers().firstValue("WWW-Authenticate").orElse(""))
        .doesNotContainIgnoringCase("basic");
    HttpResponse<String> wrongFromBrowser =
        api.send(
            api.request("api/stats", Api.basic("admin", "wrong"))
                .header("Sec-Fetch-Mode", "navigate")
                .GET()
                .build());
    assertThat(wrongFromBrowser.headers().firstValue("WWW-Authenticate").orElse(""))
        .doesNotContainIgnoringCase("basic");
    HttpResponse<String> program = api.get("api/stats", null);
    assertThat(program.headers().firstValue("WWW-Authenticate").orElse(""))
        .contains("Basic", "Bearer");
  }

  @Test
  void aChromiumNavigationToTheApiLandsOnTheFormWithoutABasicDialog() {
    ChromeDriver driver = Browser.start();
    try {
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
      driver.get(api.uri("api/stats").toString());
      wait.until(ExpectedConditions.urlContains("login.jsp"));
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
      assertThat(driver.getPageSource()).doesNotContain("\"subscribers\"");
    } finally {
      driver.quit();
    }
  }

  @Test
  void signInReturnsToTheOriginalUrlWithItsQueryAndFragment() {
    String original = api.base() + "?level=WARN#event=123";
    ChromeDriver driver = Browser.start();
    try {
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
      driver.get(original);
      wait.until(ExpectedConditions.urlContains("login.jsp"));
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
      driver.findElement(By.id("username")).sendKeys("admin");
      driver.findElement(By.id("password")).sendKeys(Deployments.ADMIN_PASSWORD);
      driver.findElement(By.id("sign-in")).click();
      wait.until(ExpectedConditions.urlToBe(original));
      assertThat(driver.getCurrentUrl()).isEqualTo(original);
    } finally {
      driver.quit();
    }
  }

  @Test
  void theReturnUrlStaysOnThisApplication() {
    RawHttp.Reply inside = formLogin("127.0.0.1", path("?level=WARN#event=7"));
    assertThat(inside.header("Location")).endsWith(path("?level=WARN#event=7"));
    for (String next : List.of("https://evil.example/", "//evil.example/x", "/elsewhere/")) {
      RawHttp.Reply outside = formLogin("127.0.0.1", next);
      assertThat(outside.status()).isEqualTo(302);
      assertThat(outside.header("Location")).as(next).endsWith(path("")).doesNotContain("evil");
    }
  }

  @Test
  void crossSiteRequestsWithBasicOrBearerCredentialsAreRefused() {
    for (String credentials : List.of(Api.admin(), Api.bearer())) {
      HttpResponse<String> crossSite =
          api.send(
              api.request("api/logs", credentials)
                  .header("Sec-Fetch-Site", "cross-site")
                  .header("Sec-Fetch-Mode", "no-cors")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"csrf\"}"))
                  .build());
      Problems.assertProblem(crossSite, 403, null);
    }
    HttpResponse<String> sameOrigin =
        api.send(
            api.request("api/logs", Api.bearer())
                .header("Sec-Fetch-Site", "same-origin")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"fine\"}"))
                .build());
    assertThat(sameOrigin.statusCode()).isEqualTo(202);
    assertThat(
            api.send(
                    api.request("api/logs?limit=1", Api.admin())
                        .header("Sec-Fetch-Site", "cross-site")
                        .GET()
                        .build())
                .statusCode())
        .as("reading is not a state change")
        .isEqualTo(200);
  }

  // ---- streams end with their session ---------------------------------------------------------

  @Test
  void aSessionThatExpiresClosesItsStream() throws Exception {
    String cookie = formLogin("127.0.0.1", "").header("Set-Cookie").split(";")[0];
    HttpResponse<InputStream> stream =
        api.http()
            .send(
                api.request("api/stream", null)
                    .header("Cookie", cookie)
                    .header("Accept", "text/event-stream")
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    AtomicBoolean ended = new AtomicBoolean();
    Thread reader =
        new Thread(
            () -> {
              try (InputStream in = stream.body()) {
                byte[] buffer = new byte[4096];
                while (in.read(buffer) != -1) {
                  // heartbeats keep coming until the session ends
                }
              } catch (IOException e) {
                // closed
              }
              ended.set(true);
            });
    reader.setDaemon(true);
    reader.start();
    long start = System.nanoTime();
    await().atMost(90, TimeUnit.SECONDS).untilTrue(ended);
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start))
        .as("not before the session timed out")
        .isGreaterThanOrEqualTo(SESSION_SECONDS - 1);
    assertThat(api.get("api/stats", null).statusCode()).isEqualTo(401);
    assertThat(
            api.send(api.request("api/stats", null).header("Cookie", cookie).GET().build())
                .statusCode())
        .isEqualTo(401);
  }

  // ---- nothing listening that need not, and the headers -------------------------------------

  @Test
  void theServerListensOnlyOnItsHttpAndHttpsPorts() throws IOException {
    int https = httpsPort();
    long pid = ownerOfListeningPort(port);
    Set<Long> sockets = socketInodes(pid);
    Set<Integer> tcp = new HashSet<>();
    for (String table : List.of("tcp", "tcp6")) {
      for (String[] row : rows(table)) {
        if ("0A".equals(row[3]) && sockets.contains(Long.parseLong(row[9]))) {
          tcp.add(portOf(row[1]));
        }
      }
    }
    Set<Integer> udp = new HashSet<>();
    for (String table : List.of("udp", "udp6")) {
      for (String[] row : rows(table)) {
        if (sockets.contains(Long.parseLong(row[9]))) {
          udp.add(portOf(row[1]));
        }
      }
    }
    System.out.println("server pid " + pid + " listens on tcp " + tcp + ", udp " + udp);
    assertThat(tcp).containsExactlyInAnyOrder(port, https);
    assertThat(udp).isEmpty();
  }

  @Test
  void tlsAnswersCarryHstsAndTheCspRequiresTrustedTypes() {
    RawHttp.Reply overTls = RawHttp.send("127.0.0.1", httpsPort(), true, "GET", path("login.jsp"));
    assertThat(overTls.status()).isEqualTo(200);
    assertThat(overTls.header("Strict-Transport-Security")).startsWith("max-age=");
    RawHttp.Reply plain = RawHttp.send("127.0.0.1", port, false, "GET", path("login.jsp"));
    assertThat(plain.header("Strict-Transport-Security")).isNull();
    assertThat(plain.header("Content-Security-Policy"))
        .contains("require-trusted-types-for 'script'");
  }

  private int httpsPort() {
    await()
        .atMost(30, TimeUnit.SECONDS)
        .until(() -> HTTPS_PORT.matcher(ServerLog.read(DIR)).find());
    Matcher matcher = HTTPS_PORT.matcher(ServerLog.read(DIR));
    assertThat(matcher.find()).isTrue();
    return Integer.parseInt(matcher.group(1));
  }

  private static List<String[]> rows(String table) throws IOException {
    return Files.readAllLines(Path.of("/proc/net", table)).stream()
        .skip(1)
        .map(line -> line.trim().split("\\s+"))
        .toList();
  }

  private static int portOf(String address) {
    return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
  }

  /** The process that owns the socket listening on {@code port}. */
  private static long ownerOfListeningPort(int port) throws IOException {
    Set<Long> inodes = new HashSet<>();
    for (String table : List.of("tcp", "tcp6")) {
      for (String[] row : rows(table)) {
        if ("0A".equals(row[3]) && portOf(row[1]) == port) {
          inodes.add(Long.parseLong(row[9]));
        }
      }
    }
    assertThat(inodes).as("a socket listens on " + port).isNotEmpty();
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path process :
          processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        long pid = Long.parseLong(process.getFileName().toString());
        if (socketInodes(pid).stream().anyMatch(inodes::contains)) {
          return pid;
        }
      }
    }
    throw new AssertionError("no process of ours owns port " + port);
  }

  private static Set<Long> socketInodes(long pid) {
    Set<Long> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String link = Files.readSymbolicLink(fd).toString();
          if (link.startsWith("socket:[")) {
            inodes.add(Long.parseLong(link.substring(8, link.length() - 1)));
          }
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    } catch (IOException e) {
      // not ours or gone
    }
    return inodes;
  }
}
