package io.livelog.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium for the dashboard at {@code base} (always on 127.0.0.1): the process,
 * scripts and DevTools commands. What the page is and does lives in {@link DashboardPage}.
 */
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
