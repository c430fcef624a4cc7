package io.livelog.events.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.problem.boundary.FakeHttp;
import io.livelog.security.control.Roles;
import io.livelog.store.control.HistoryQuery;
import jakarta.servlet.FilterChain;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@code GET /api/logs} before JAX-RS: the viewer's role first, then the resource's mapping. */
class HistoryFilterTest {

  final HistoryFilter cut = new HistoryFilter();
  final AtomicBoolean passedOn = new AtomicBoolean();
  final FilterChain chain = (request, response) -> passedOn.set(true);
  final FakeHttp.Answer answer = new FakeHttp.Answer();
  HistoryQuery.Params asked;

  HistoryFilterTest() {
    cut.history = new HistoryResource();
    cut.history.query =
        new HistoryQuery() {
          @Override
          public Page run(Params params) {
            asked = params;
            return new Page("[{\"id\":\"7\"}]", OptionalLong.of(7));
          }
        };
  }

  @Test
  void aViewersGetIsAnsweredHereWithEveryParameter() throws Exception {
    cut.doFilter(
        FakeHttp.request(
            "GET",
            Set.of(Roles.VIEWER),
            Map.of("after", List.of("5"), "logger", List.of("a", "b"), "q", List.of("x")),
            null,
            null),
        answer.response(),
        chain);
    assertThat(passedOn).isFalse();
    assertThat(answer.status).isEqualTo(200);
    assertThat(answer.contentType).isEqualTo("application/json");
    assertThat(answer.headers).containsEntry("Livelog-Scanned-To", "7");
    assertThat(answer.text()).isEqualTo("[{\"id\":\"7\"}]");
    assertThat(asked.after()).isEqualTo("5");
    assertThat(asked.loggers()).containsExactly("a", "b");
    assertThat(asked.sources()).isEmpty();
    assertThat(asked.query()).isEqualTo("x");
  }

  @Test
  void withoutTheViewersRoleItIs403AndNothingIsRead() throws Exception {
    cut.doFilter(
        FakeHttp.request("GET", Set.of(Roles.PRODUCER), Map.of(), null, null),
        answer.response(),
        chain);
    assertThat(answer.status).isEqualTo(403);
    assertThat(answer.contentType).startsWith("application/problem+json");
    assertThat(answer.text()).contains(Roles.VIEWER);
    assertThat(asked).isNull();
  }

  @Test
  void otherMethodsGoOn() throws Exception {
    for (String method : List.of("POST", "HEAD", "OPTIONS", "PUT")) {
      passedOn.set(false);
      cut.doFilter(
          FakeHttp.request(method, Set.of(Roles.VIEWER), Map.of(), null, null),
          answer.response(),
          chain);
      assertThat(passedOn).as(method).isTrue();
    }
    assertThat(asked).isNull();
  }
}
