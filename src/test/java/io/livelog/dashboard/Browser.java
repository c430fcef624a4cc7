package io.livelog.dashboard;

import io.livelog.testsupport.Deployments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's headless Chromium driving the dashboard at {@code base} (always on 127.0.0.1). */
final class Browser implements AutoCloseable {

  final ChromeDriver driver;
  final String base;
  final Path profile;

  private Browser(ChromeDriver driver, String base, Path profile) {
    this.driver = driver;
    this.base = base;
    this.profile = profile;
  }

  static Browser start(String base, int width, int height) {
    try {
      Path profile = Files.createTempDirectory("livelog-chromium");
      ChromeDriver driver =
          io.livelog.testsupport.Browser.start(
              profile,
              width,
              height,
              "--disable-extensions",
              "--disable-background-timer-throttling",
              "--disable-renderer-backgrounding",
              "--disable-backgrounding-occluded-windows",
              "--enable-precise-memory-info",
              "--lang=en-US");
      driver.manage().window().setSize(new Dimension(width, height));
      return new Browser(driver, base, profile);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Signs in through the form, as a user does. */
  void login() {
    driver.get(base + "login.jsp");
    driver.findElement(By.id("username")).sendKeys("admin");
    driver.findElement(By.id("password")).sendKeys(Deployments.ADMIN_PASSWORD);
    driver.findElement(By.id("sign-in")).click();
    waiting(Duration.ofSeconds(20)).until(d -> !d.getCurrentUrl().contains("login"));
    // the page loads its test probe (window.livelog) only when asked
    js("localStorage.setItem('livelog.probe', '1')");
  }

  /** Opens the dashboard with a query (like "?level=WARN"), signing in first if asked to. */
  void open(String query) {
    driver.get(base + query);
    if (driver.getCurrentUrl().contains("login.jsp")) {
      login();
      driver.get(base + query);
    }
    awaitConnected(Duration.ofSeconds(30));
  }

  void awaitConnected(Duration timeout) {
    waiting(timeout)
        .until(
            d ->
                Boolean.TRUE.equals(
                    js(
                        "return !!window.livelog && window.livelog.ready()"
                            + " && document.getElementById('status').dataset.state"
                            + " === 'connected'")));
  }

  WebDriverWait waiting(Duration timeout) {
    WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(50));
    return wait;
  }

  <T> T until(Duration timeout, Function<WebDriver, T> condition) {
    return waiting(timeout).until(condition);
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  long number(String script, Object... args) {
    Object value = js(script, args);
    return value == null ? -1 : ((Number) value).longValue();
  }

  WebElement byId(String id) {
    return driver.findElement(By.id(id));
  }

  String state() {
    return byId("status").getDomAttribute("data-state");
  }

  List<WebElement> rows() {
    return driver.findElements(By.cssSelector("#viewport .row:not([hidden])"));
  }

  /** The message texts of the rows a user can see in the viewport, top to bottom. */
  @SuppressWarnings("unchecked")
  List<String> messages() {
    return (List<String>)
        js(
            "const v = document.getElementById('viewport').getBoundingClientRect();"
                + "return [...document.querySelectorAll('#viewport .row:not([hidden])')]"
                + ".map(r => [r.getBoundingClientRect(), r.querySelector('.message').textContent])"
                + ".filter(x => x[0].bottom > v.top + 1 && x[0].top < v.bottom - 1)"
                + ".sort((a, b) => a[0].top - b[0].top).map(x => x[1])");
  }

  /** The visible messages that contain {@code tag}, top to bottom. */
  List<String> messages(String tag) {
    return messages().stream().filter(m -> m.contains(tag)).toList();
  }

  Object cdp(String command, Map<String, Object> params) {
    return driver.executeCdpCommand(command, params);
  }

  void screenshot(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
