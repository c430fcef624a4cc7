package io.livelog.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class ToolsTest {

  static final Tools.Tool MISSING =
      new Tools.Tool(
          "frobnicator", "livelog.frobnicator", "frobnicator-pkg", List.of("livelog-no-such-tool"));

  @TempDir Path dir;

  static UnaryOperator<String> of(Map<String, String> values) {
    return values::get;
  }

  @Test
  void aMissingProgramSkipsTheTestNamingItsDebianPackage() {
    PrintStream console = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      assertThatThrownBy(
              () -> Tools.require(MISSING, of(Map.of()), of(Map.of("PATH", dir.toString()))))
          .isInstanceOf(TestAbortedException.class)
          .hasMessageContaining("frobnicator")
          .hasMessageContaining("'frobnicator-pkg'")
          .hasMessageContaining("-Dlivelog.frobnicator=");
    } finally {
      System.setOut(console);
    }
    assertThat(printed.toString(StandardCharsets.UTF_8).lines())
        .singleElement()
        .asString()
        .contains("SKIPPED", "frobnicator", "frobnicator-pkg");
  }

  @Test
  void whenRequiredAMissingProgramFailsTheTest() {
    assertThatThrownBy(
            () ->
                Tools.require(
                    MISSING,
                    of(Map.of("livelog.tools.required", "true")),
                    of(Map.of("PATH", dir.toString()))))
        .isInstanceOf(AssertionError.class)
        .isNotInstanceOf(TestAbortedException.class)
        .hasMessageContaining("frobnicator-pkg");
    assertThatThrownBy(
            () ->
                Tools.require(
                    MISSING,
                    of(Map.of()),
                    of(Map.of("PATH", dir.toString(), "LIVELOG_TOOLS_REQUIRED", "true"))))
        .isInstanceOf(AssertionError.class)
        .isNotInstanceOf(TestAbortedException.class);
  }

  @Test
  void findsTheProgramOnThePath() throws Exception {
    Path program = executable(dir.resolve("livelog-no-such-tool"));
    assertThat(Tools.require(MISSING, of(Map.of()), of(Map.of("PATH", "/nonexistent:" + dir))))
        .isEqualTo(program);
  }

  @Test
  void aPropertyNamesTheProgramAndMustPointAtOne() throws Exception {
    Path program = executable(dir.resolve("elsewhere"));
    assertThat(
            Tools.require(
                MISSING, of(Map.of("livelog.frobnicator", program.toString())), of(Map.of())))
        .isEqualTo(program);
    assertThatThrownBy(
            () ->
                Tools.require(
                    MISSING,
                    of(Map.of("livelog.frobnicator", dir.resolve("absent").toString())),
                    of(Map.of())))
        .isInstanceOf(AssertionError.class)
        .isNotInstanceOf(TestAbortedException.class)
        .hasMessageContaining("livelog.frobnicator");
  }

  @Test
  void findsPostgresqlInDebiansVersionedDirectoryNewestFirst() throws Exception {
    Path root = dir.resolve("postgresql");
    Files.createDirectories(root.resolve("13/bin"));
    Path newest = executable(Files.createDirectories(root.resolve("15/bin")).resolve("initdb"));
    executable(root.resolve("13/bin/initdb"));
    Tools.Tool initdb =
        new Tools.Tool(
            "initdb",
            "livelog.initdb",
            "postgresql",
            List.of("initdb"),
            Tools.postgresDirectories(root));
    assertThat(Tools.require(initdb, of(Map.of()), of(Map.of("PATH", "/nonexistent"))))
        .isEqualTo(newest);
    assertThat(Tools.postgresDirectories(dir.resolve("absent"))).isEmpty();
  }

  private static Path executable(Path file) throws Exception {
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
