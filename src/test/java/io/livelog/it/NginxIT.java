package io.livelog.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livelog.testsupport.Api;
import io.livelog.testsupport.BlackBox;
import io.livelog.testsupport.Browser;
import io.livelog.testsupport.Deployments;
import io.livelog.testsupport.Nginx;
import io.livelog.testsupport.SseClient;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Livelog behind Debian's nginx with the shipped site snippet (payara-config/nginx.conf), every
 * request through the proxy: the form login and the live dashboard in Chromium, events reaching a
 * stream fast, resume with Last-Event-ID, and a stream that stays uncompressed under {@code gzip
 * on} for every type. Skipped (one line) without nginx.
 */
class NginxIT extends BlackBox {

  /** gzip on for every type (text/* included), as a site-wide nginx.conf might have it. */
  static final String GZIP_EVERYTHING =
      "gzip on; gzip_types *; gzip_proxied any; gzip_min_length 1; gzip_comp_level 1;";

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.livelog();
  }

  static Nginx nginx;
  Api proxied;

  @BeforeEach
  void proxy() throws Exception {
    if (nginx == null) {
      nginx = Nginx.inFrontOf(url.getPort(), GZIP_EVERYTHING);
    }
    proxied = new Api(new URL("http://127.0.0.1:" + nginx.port() + api.base().getPath()));
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.close();
      nginx = null;
    }
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  @Test
  void theBrowserSignsInThroughTheProxyAndSeesLiveEvents() {
    ChromeDriver driver = Browser.start();
    try {
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
      driver.get(proxied.base().toString());
      wait.until(ExpectedConditions.urlContains("login.jsp"));
      assertThat(driver.getCurrentUrl()).startsWith("http://127.0.0.1:" + nginx.port() + "/");
      Browser.signIn(driver, proxied, "admin", Deployments.ADMIN_PASSWORD);
      wait.until(ExpectedConditions.attributeToBe(By.id("status"), "data-state", "connected"));
      String message = unique("via-nginx");
      await()
          .atMost(30, TimeUnit.SECONDS)
          .pollInterval(500, TimeUnit.MILLISECONDS)
          .until(
              () -> {
                proxied.ingest("{\"message\":\"" + message + "\"}");
                return !driver
                    .findElements(
                        By.xpath("//*[contains(@class,'message') and text()='" + message + "']"))
                    .isEmpty();
              });
      assertThat(driver.getCurrentUrl()).startsWith("http://127.0.0.1:" + nginx.port() + "/");
    } finally {
      driver.quit();
    }
  }

  /**
   * Ingested events reach a stream through the proxy one by one, each once and in order, none held
   * back in nginx's buffers waiting for the next (how fast is the bench's to measure).
   */
  @Test
  void ingestedEventsReachAStreamThroughTheProxyEachOnceInOrder() {
    try (SseClient client = SseClient.open(proxied, "?source=http")) {
      client.awaitEvent("message", Duration.ofSeconds(20)); // the hello: the stream is open
      List<String> sent = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String message = unique("one-by-one");
        HttpResponse<String> accepted = proxied.ingest("{\"message\":\"" + message + "\"}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        // the next is sent only once this one arrived: a buffering proxy would stall here
        client.awaitMessage(message);
        sent.add(message);
      }
      assertThat(client.logs())
          .extracting(r -> r.event().getString("message"))
          .filteredOn(m -> m.startsWith("one-by-one-"))
          .containsExactlyElementsOf(sent);
    }
  }

  @Test
  void aReconnectWithLastEventIdResumesThroughTheProxy() {
    String tag = unique("resume");
    String first;
    try (SseClient client = SseClient.open(proxied, "?q=" + tag)) {
      client.awaitEvent("message", Duration.ofSeconds(20));
      proxied.ingest("{\"message\":\"" + tag + " 1\"}");
      first = client.awaitMessage(tag + " 1").event().getString("id");
    }
    for (int i = 2; i <= 4; i++) {
      assertThat(proxied.ingest("{\"message\":\"" + tag + " " + i + "\"}").statusCode())
          .isEqualTo(202);
    }
    try (SseClient resumed = SseClient.open(proxied, "?q=" + tag, "Last-Event-ID", first)) {
      resumed.awaitMessage(tag + " 4");
      List<String> messages =
          resumed.logs().stream().map(r -> r.event().getString("message")).toList();
      assertThat(messages).containsExactly(tag + " 2", tag + " 3", tag + " 4");
      assertThat(resumed.events("gap")).isEmpty();
    }
  }

  @Test
  void gzipOnForEveryTypeCompressesHistoryButNeverTheStream() throws Exception {
    HttpResponse<byte[]> history =
        proxied
            .http()
            .send(
                proxied
                    .request("api/logs?limit=100", Api.admin())
                    .header("Accept-Encoding", "gzip")
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(history.statusCode()).isEqualTo(200);
    assertThat(history.headers().firstValue("Content-Encoding"))
        .as("gzip is on in this nginx, so JSON is compressed")
        .hasValue("gzip");

    HttpRequest streamRequest =
        HttpRequest.newBuilder(proxied.uri("api/stream"))
            .header("Accept", "text/event-stream")
            .header("Accept-Encoding", "gzip")
            .header("Authorization", Api.admin())
            .GET()
            .build();
    HttpResponse<InputStream> stream =
        proxied.http().send(streamRequest, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = stream.body()) {
      assertThat(stream.statusCode()).isEqualTo(200);
      assertThat(stream.headers().firstValue("Content-Type"))
          .get()
          .asString()
          .startsWith("text/event-stream");
      assertThat(stream.headers().firstValue("Content-Encoding")).isEmpty();
      byte[] start = body.readNBytes(6); // arrives at once: "retry:" in clear text
      assertThat(new String(start, StandardCharsets.UTF_8)).isEqualTo("retry:");
    }
  }

  @Test
  void theProxyPassesHealthAndProblemBodies() {
    assertThat(proxied.get("/health/ready", null).statusCode()).isEqualTo(200);
    HttpResponse<String> bad = proxied.post("api/logs", Api.bearer(), "application/json", "{");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("application/problem+json");
    JsonObject stats = proxied.stats();
    assertThat(stats.getInt("subscribers")).isGreaterThanOrEqualTo(0);
  }
}
