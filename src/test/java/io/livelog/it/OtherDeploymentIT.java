package io.livelog.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.testsupport.Api;
import io.livelog.testsupport.Deployments;
import io.livelog.testsupport.SseClient;
import jakarta.json.JsonObject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On WildFly every deployment logs through JBoss LogManager, in the server's log context unless it
 * brings its own logging configuration: a second application's {@code java.util.logging} records
 * must reach Livelog's stream. (Payara's JUL is one global LogManager; Payara Micro deploys one
 * application per test server, so this class runs in {@code -Pwildfly} only.)
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@EnabledIfSystemProperty(named = "livelog.server", matches = "wildfly")
class OtherDeploymentIT {

  /** The other application: logs one JUL record per request. */
  @WebServlet("/log")
  public static class OtherModule extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) {
      Logger.getLogger("com.other.Module")
          .log(Level.WARNING, "other module says {0}", request.getParameter("message"));
      response.setStatus(204);
    }
  }

  @Deployment(name = "livelog", order = 1, testable = false)
  static WebArchive livelog() {
    return Deployments.livelog();
  }

  @Deployment(name = "other", order = 2, testable = false)
  static WebArchive other() {
    return ShrinkWrap.create(WebArchive.class, "other.war").addClass(OtherModule.class);
  }

  @ArquillianResource
  @OperateOnDeployment("livelog")
  URL livelog;

  @ArquillianResource
  @OperateOnDeployment("other")
  URL other;

  @Test
  void anotherDeploymentsJulRecordsReachTheStream() throws Exception {
    Api api = new Api(livelog);
    try (SseClient client = SseClient.open(api, "?source=server&logger=com.other")) {
      String message = "m-" + UUID.randomUUID();
      URI log =
          URI.create(
              "http://127.0.0.1:"
                  + other.getPort()
                  + other.getPath().replaceAll("/?$", "/")
                  + "log?message="
                  + message);
      HttpResponse<String> sent =
          api.send(HttpRequest.newBuilder(log).POST(HttpRequest.BodyPublishers.noBody()).build());
      assertThat(sent.statusCode()).isEqualTo(204);
      JsonObject event =
          client
              .awaitLog(
                  e -> e.getString("message").equals("other module says " + message),
                  Duration.ofSeconds(30))
              .event();
      assertThat(event.getString("logger")).isEqualTo("com.other.Module");
      assertThat(event.getString("level")).isEqualTo("WARN");
    }
  }
}
