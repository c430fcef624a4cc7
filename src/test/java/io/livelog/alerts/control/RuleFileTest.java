package io.livelog.alerts.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFileTest {

  @TempDir Path dir;

  @Test
  void savedRulesAreReadBackAndReplacedWhole() throws Exception {
    RuleFile file = new RuleFile(dir.resolve("sub/alerts.json"));
    assertThat(file.read()).isEmpty();
    file.write(
        new RuleFile.Saved(
            List.of("a: 1 ERROR in 5 s", "2 WARN where k=\"x y\" in 1 m"), "", "otto", 42));
    file.write(new RuleFile.Saved(List.of("b: 3 ERROR in 5 s"), "c: 1 ERROR in 1 s", "admin", 43));
    assertThat(file.read())
        .contains(
            new RuleFile.Saved(List.of("b: 3 ERROR in 5 s"), "c: 1 ERROR in 1 s", "admin", 43));
    try (var listing = Files.list(dir.resolve("sub"))) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("alerts.json");
    }
  }

  @Test
  void theFileIsBesideTheStoreUnlessSaidOtherwise() {
    Map<String, String> wildFly =
        Map.of("jboss.server.data.dir", "/srv/wf/data", "user.home", "/h");
    assertThat(RuleFile.resolve(Optional.empty(), Optional.empty(), "n", wildFly::get))
        .isEqualTo(Path.of("/srv/wf/data/livelog/alerts.json"));
    assertThat(RuleFile.resolve(Optional.empty(), Optional.of("/var/store"), "n", wildFly::get))
        .isEqualTo(Path.of("/var/store/alerts.json"));
    assertThat(
            RuleFile.resolve(Optional.of("/etc/a.json"), Optional.of("/var/s"), "n", wildFly::get))
        .isEqualTo(Path.of("/etc/a.json"));
    Map<String, String> micro =
        Map.of(
            "com.sun.aas.instanceRoot", "/tmp/payaramicro-rt123tmp",
            "java.io.tmpdir", "/tmp",
            "user.home", "/home/u");
    assertThat(RuleFile.resolve(Optional.empty(), Optional.empty(), "node/1", micro::get))
        .isEqualTo(Path.of("/home/u/.livelog/node_1/alerts.json"));
    Map<String, String> instance =
        Map.of("com.sun.aas.instanceRoot", "/opt/p/i1", "user.home", "/h");
    assertThat(RuleFile.resolve(Optional.empty(), Optional.empty(), "n", instance::get))
        .isEqualTo(Path.of("/opt/p/i1/data/livelog/alerts.json"));
  }

  @Test
  void anOperatorsRulesWinAtStartUnlessTheConfigurationChangedSince() throws Exception {
    Path path = dir.resolve("alerts.json");
    new RuleFile(path)
        .write(
            new RuleFile.Saved(
                List.of("mine: 2 ERROR where k=v in 5 s"), "conf: 1 WARN in 5 s", "otto", 7));
    Alerting same = alerting(path, "conf: 1 WARN in 5 s");
    assertThat(same.rules()).extracting(AlertRule::name).containsExactly("mine");
    assertThat(same.origin()).isEqualTo(new Alerting.Origin("otto", 7));

    Alerting changed = alerting(path, "conf: 1 WARN in 5 s; more: 1 ERROR in 1 s");
    assertThat(changed.rules()).extracting(AlertRule::name).containsExactly("conf", "more");
    assertThat(changed.origin().by()).isNull();

    new RuleFile(path)
        .write(new RuleFile.Saved(List.of("5 LOUD in 5 s"), "conf: 1 WARN in 5 s", "otto", 8));
    assertThat(alerting(path, "conf: 1 WARN in 5 s").rules())
        .as("a saved rule that no longer parses")
        .extracting(AlertRule::name)
        .containsExactly("conf");

    Files.writeString(path, "{not json");
    assertThat(alerting(path, "conf: 1 WARN in 5 s").rules())
        .extracting(AlertRule::name)
        .containsExactly("conf");
  }

  static Alerting alerting(Path file, String configured) {
    Alerting cut = new Alerting();
    cut.file = Optional.of(file.toString());
    cut.storeDir = Optional.empty();
    cut.configured = Optional.of(configured);
    cut.init();
    return cut;
  }
}
