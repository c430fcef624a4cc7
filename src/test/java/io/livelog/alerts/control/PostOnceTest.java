package io.livelog.alerts.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.alerts.control.PostOnce.Decision;
import io.livelog.events.entity.Alert;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class PostOnceTest {

  static Alert alert(String rule, String firstId, String lastId, String node) {
    return new Alert(rule, 3, 60, firstId, lastId, System.nanoTime(), node, rule + ": 3 ERROR");
  }

  /** Three nodes sharing one grid's claims, as putIfAbsent does. */
  final Set<String> grid = ConcurrentHashMap.newKeySet();

  final List<PostOnce> nodes =
      List.of(new PostOnce(grid::add), new PostOnce(grid::add), new PostOnce(grid::add));

  @Test
  void theSameFiringOnEveryNodeIsPostedByOne() {
    List<Decision> decisions =
        nodes.stream()
            .map(n -> n.decide(alert("orders", "10", "12", "node-" + nodes.indexOf(n))))
            .toList();
    assertThat(decisions).containsExactly(Decision.POST, Decision.OTHER_NODE, Decision.OTHER_NODE);
  }

  @Test
  void anotherFiringOrAnotherRuleIsPostedAgain() {
    assertThat(nodes.get(0).decide(alert("orders", "10", "12", "a"))).isEqualTo(Decision.POST);
    assertThat(nodes.get(1).decide(alert("orders", "13", "15", "b"))).isEqualTo(Decision.POST);
    assertThat(nodes.get(2).decide(alert("payments", "10", "12", "c"))).isEqualTo(Decision.POST);
    assertThat(nodes.get(2).decide(alert("orders", "13", "15", "c")))
        .isEqualTo(Decision.OTHER_NODE);
  }

  @Test
  void theKeyIgnoresWhatDiffersBetweenNodes() {
    // a node whose window had dropped an older event names another first id, same firing
    assertThat(PostOnce.key(alert("orders", "10", "12", "a")))
        .isEqualTo(PostOnce.key(alert("orders", "11", "12", "b")));
  }

  @Test
  void aSingleNodeAlwaysPostsAndAGridThatFailsMeansPost() {
    PostOnce single = new PostOnce(key -> true);
    assertThat(single.decide(alert("orders", "1", "3", null))).isEqualTo(Decision.POST);
    assertThat(single.decide(alert("orders", "1", "3", null))).isEqualTo(Decision.POST);
    PostOnce broken =
        new PostOnce(
            key -> {
              throw new IllegalStateException("no grid member answers");
            });
    assertThat(broken.decide(alert("orders", "1", "3", "a"))).isEqualTo(Decision.POST);
  }
}
