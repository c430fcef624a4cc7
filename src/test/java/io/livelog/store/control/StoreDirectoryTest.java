package io.livelog.store.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoreDirectoryTest {

  static Path resolve(Optional<String> configured, Map<String, String> properties) {
    return StoreDirectory.resolve(configured, "node/1", properties::get);
  }

  @Test
  void aConfiguredDirectoryWins() {
    assertThat(resolve(Optional.of("/data/x"), Map.of("jboss.server.data.dir", "/wf")))
        .isEqualTo(Path.of("/data/x"));
  }

  @Test
  void wildFlysDataDirectory() {
    assertThat(resolve(Optional.empty(), Map.of("jboss.server.data.dir", "/wf/data")))
        .isEqualTo(Path.of("/wf/data/livelog"));
  }

  @Test
  void aRealPayaraInstanceRoot() {
    assertThat(
            resolve(
                Optional.empty(),
                Map.of(
                    "com.sun.aas.instanceRoot", "/opt/payara/domain1", "java.io.tmpdir", "/tmp")))
        .isEqualTo(Path.of("/opt/payara/domain1/data/livelog"));
  }

  @Test
  void payaraMicrosTemporaryRootFallsBackToTheHomeDirectory() {
    assertThat(
            resolve(
                Optional.empty(),
                Map.of(
                    "com.sun.aas.instanceRoot",
                    "/tmp/payaramicro-rt123tmp",
                    "java.io.tmpdir",
                    "/tmp",
                    "user.home",
                    "/home/ops")))
        .isEqualTo(Path.of("/home/ops/.livelog/node_1"));
  }
}
