package io.livelog.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livelog.testsupport.Api;
import io.livelog.testsupport.BlackBox;
import io.livelog.testsupport.Deployments;
import io.livelog.testsupport.ServerLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * A start with no admin password generates a strong one, prints it once, and it works. The same
 * server also serves TLS (HTTP/2 over h2): the session cookie is Secure there and the stream
 * carries no Connection header.
 */
class GeneratedPasswordIT extends BlackBox {

  static final Path DIR =
      Path.of(System.getProperty("livelog.basedir", "."), "target", "it-generated");
  static final Pattern PRINTED = Pattern.compile("with password: (\\S+)");
  static final Pattern HTTPS_PORT =
      Pattern.compile("https-listener started in: \\d+ms - bound to \\[/0\\.0\\.0\\.0:(\\d+)\\]");

  @Deployment(testable = false)
  @TargetsContainer("payara-micro-logfile")
  static WebArchive deployment() {
    ServerLog.clear(DIR);
    return Deployments.withSettings(new Properties());
  }

  @Test
  void theGeneratedPasswordIsPrintedOnceWorksAndNoWellKnownOneDoes() throws Exception {
    await().atMost(30, TimeUnit.SECONDS).until(() -> PRINTED.matcher(ServerLog.read(DIR)).find());
    String log = ServerLog.read(DIR);
    Matcher matcher = PRINTED.matcher(log);
    assertThat(matcher.find()).isTrue();
    String password = matcher.group(1);
    assertThat(matcher.find()).as("printed once").isFalse();
    assertThat(password).hasSizeGreaterThanOrEqualTo(20);
    assertThat(log).contains("LIVELOG_ADMIN_PASSWORD");
    assertThat(api.get("api/stats", Api.basic("admin", password)).statusCode()).isEqualTo(200);
    for (String guess : List.of("admin", "password", "livelog", "changeit", "secret", "")) {
      assertThat(api.get("api/stats", Api.basic("admin", guess)).statusCode())
          .as(guess)
          .isEqualTo(401);
    }
    // the generated password never reaches the stream or history
    assertThat(api.get("api/logs?limit=1000", Api.basic("admin", password)).body())
        .doesNotContain(password);
  }
}
