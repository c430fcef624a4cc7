package io.livelog.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium through its chromedriver, kept off the network. Both programs come
 * from {@link Tools}: without them the test that asks for a browser is skipped (or fails when tools
 * are required).
 */
public final class Browser {

  private Browser() {}

  public static ChromeDriver start() {
    try {
      return start(Files.createTempDirectory("livelog-chromium"), 1400, 900);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts Chromium with a fresh profile directory, a window size, and extra arguments. */
  public static ChromeDriver start(Path profile, int width, int height, String... extraArguments) {
    Path chromium = Tools.require(Tools.CHROMIUM);
    Path chromedriver = Tools.require(Tools.CHROMEDRIVER);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toString());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=" + width + "," + height,
        "--user-data-dir=" + profile);
    options.addArguments(extraArguments);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  /** Opens the dashboard, signs in through the form, and waits for the dashboard. */
  public static void signIn(WebDriver driver, Api api, String user, String password) {
    driver.get(api.base().toString());
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    driver.findElement(By.id("username")).sendKeys(user);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("sign-in")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("status")));
  }
}
