package io.livelog.events.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.ingest.control.IngestParser;
import io.livelog.problem.boundary.Problem;
import io.livelog.testsupport.CountingJsonProvider;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFactoriesTest {

  /**
   * On this thread the JSON-P API finds a counting provider first (a context class loader whose
   * service file names it), so every {@code Json.create...} or {@code JsonProvider.provider()} call
   * makes a new one; Livelog's JSON makes none. No global state: other tests and threads are not
   * affected.
   */
  @Test
  void theJsonProviderIsResolvedOnceNotPerCall(@TempDir Path dir) throws IOException {
    String service = "META-INF/services/" + JsonProvider.class.getName();
    Path file = dir.resolve(service);
    Files.createDirectories(file.getParent());
    Files.writeString(file, CountingJsonProvider.class.getName() + "\n");
    URL url = file.toUri().toURL();
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    thread.setContextClassLoader(
        new ClassLoader(original) {
          @Override
          public Enumeration<URL> getResources(String name) throws IOException {
            return service.equals(name)
                ? Collections.enumeration(List.of(url))
                : super.getResources(name);
          }
        });
    try {
      assertThat(JsonProvider.provider()).isInstanceOf(CountingJsonProvider.class);
      JsonFactories.provider();
      EventJson.toJson(new LogEvent(null, 1, Level.INFO, "l", "app", null, null, "m", null, null));
      perCall();
    } finally {
      thread.setContextClassLoader(original);
    }
  }

  private static void perCall() {
    int before = CountingJsonProvider.created();

    IngestParser parser = new IngestParser(0);
    for (int i = 0; i < 50; i++) {
      assertThat(parser.parseJson("{\"message\":\"one\"}")).hasSize(1);
      assertThat(parser.parseJson("[{\"msg\":\"a\"},{\"log\":\"b\"}]")).hasSize(2);
      assertThat(parser.parseNdjson("{\"message\":\"a\"}\n{\"message\":\"b\"}\n")).hasSize(2);
      assertThat(Problem.body(400, "Bad request", "d", "f", null)).contains("\"field\":\"f\"");
      assertThat(JsonFactories.readObject("{\"a\":1}").getInt("a")).isEqualTo(1);
      assertThat(JsonFactories.object().add("n", i).build().getInt("n")).isEqualTo(i);
      EventJson.toJson(new LogEvent(null, i, Level.WARN, "l", "app", null, null, "m", null, null));
    }

    assertThat(CountingJsonProvider.created()).isEqualTo(before);
  }
}
