package io.livelog.ingest.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.ingest.control.Ingest;
import io.livelog.problem.boundary.FakeHttp;
import io.livelog.security.control.Roles;
import jakarta.servlet.FilterChain;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@code POST /api/logs} before JAX-RS: the producer's role first, then the resource's mapping. */
class IngestFilterTest {

  final IngestFilter cut = new IngestFilter();
  final AtomicBoolean passedOn = new AtomicBoolean();
  final FilterChain chain = (request, response) -> passedOn.set(true);
  final FakeHttp.Answer answer = new FakeHttp.Answer();
  String taken;

  IngestFilterTest() {
    cut.ingest = new IngestResource();
    cut.ingest.ingest =
        new Ingest() {
          @Override
          public int take(InputStream body, long declaredLength, boolean ndjson)
              throws IOException {
            taken = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            return 2;
          }
        };
  }

  @Test
  void aProducersPostIsAnsweredHere() throws Exception {
    String ndjson = "{\"message\":\"a\"}\n{\"message\":\"b\"}\n";
    cut.doFilter(
        FakeHttp.request("POST", Set.of(Roles.PRODUCER), Map.of(), "application/x-ndjson", ndjson),
        answer.response(),
        chain);
    assertThat(passedOn).isFalse();
    assertThat(answer.status).isEqualTo(202);
    assertThat(answer.text()).isEqualTo("{\"accepted\":2}");
    assertThat(taken).isEqualTo(ndjson);
  }

  @Test
  void withoutTheProducersRoleItIs403BeforeTheMediaTypeIsLookedAt() throws Exception {
    cut.doFilter(
        FakeHttp.request("POST", Set.of(Roles.VIEWER), Map.of(), "text/plain", "x"),
        answer.response(),
        chain);
    assertThat(answer.status).isEqualTo(403);
    assertThat(answer.contentType).startsWith("application/problem+json");
    assertThat(answer.text()).contains(Roles.PRODUCER);
    assertThat(taken).isNull();
  }

  @Test
  void aProducersOtherTypeIs415() throws Exception {
    cut.doFilter(
        FakeHttp.request("POST", Set.of(Roles.PRODUCER), Map.of(), "text/plain", "x"),
        answer.response(),
        chain);
    assertThat(answer.status).isEqualTo(415);
    assertThat(taken).isNull();
  }

  @Test
  void otherMethodsGoOn() throws Exception {
    for (String method : List.of("GET", "HEAD", "OPTIONS", "PUT")) {
      passedOn.set(false);
      cut.doFilter(
          FakeHttp.request(method, Set.of(Roles.PRODUCER), Map.of(), null, null),
          answer.response(),
          chain);
      assertThat(passedOn).as(method).isTrue();
    }
    assertThat(taken).isNull();
  }
}
