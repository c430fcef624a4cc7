package io.livelog.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.livelog.testsupport.Browser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page's pure modules (filter, store, text, the stream's timing rules, the rows' text, alert
 * rules, the tabs' shared stream) tested in headless Chromium without an application server: the
 * JDK's HTTP server serves {@code webapp/assets} at {@code /assets/} and the tests ({@code
 * src/test/js}) at {@code /unit/} on 127.0.0.1, under the page's own Content-Security-Policy, and
 * every JavaScript test becomes one JUnit test. Without Chromium or chromedriver the class is
 * skipped with one line (or fails when tools are required, as in CI).
 */
class PageModulesTest {

  /** What the server sends with the page (SecurityHeaders), so the modules run under it here. */
  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
          + "form-action 'self'; frame-ancestors 'none'; require-trusted-types-for 'script'";

  private static final Map<String, String> TYPES =
      Map.of(
          "js", "text/javascript; charset=utf-8",
          "html", "text/html; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml");

  private static HttpServer server;
  private static ChromeDriver driver;

  @BeforeAll
  static void serve() throws IOException {
    Path base = Path.of(System.getProperty("livelog.basedir", "")).toAbsolutePath();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    serve("/assets/", base.resolve("webapp/assets"));
    serve("/unit/", base.resolve("src/test/js"));
    server.start();
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.stop(0);
    }
  }

  @TestFactory
  @SuppressWarnings("unchecked")
  Stream<DynamicTest> thePagesPureModules() {
    driver = Browser.start();
    driver.get("http://127.0.0.1:" + server.getAddress().getPort() + "/unit/unit.html");
    List<Map<String, Object>> results =
        new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(50))
            .until(
                d -> (List<Map<String, Object>>) driver.executeScript("return window.unitResults"));
    assertThat(results).as("JavaScript tests found").hasSizeGreaterThanOrEqualTo(20);
    return results.stream()
        .map(
            r ->
                DynamicTest.dynamicTest(
                    (String) r.get("name"),
                    () -> assertThat(r.get("error")).as((String) r.get("name")).isNull()));
  }

  /** Answers GET {@code prefix}FILE with FILE under {@code root}; nothing outside it. */
  private static void serve(String prefix, Path root) {
    server.createContext(prefix, exchange -> send(exchange, prefix, root));
  }

  private static void send(HttpExchange exchange, String prefix, Path root) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      Path file = root.resolve(path.substring(prefix.length())).normalize();
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      String name = file.getFileName().toString();
      String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "text/plain");
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      byte[] body = Files.readAllBytes(file);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }
}
