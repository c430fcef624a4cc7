package io.livelog.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;

/**
 * The one place tests find the programs they need from outside the JVM (Chromium, chromedriver,
 * nginx, Prometheus): a system property naming the file ({@code -Dlivelog.chromium=/path}), else
 * the {@code PATH} (plus {@code /usr/sbin}, where Debian puts nginx). A missing program skips the
 * test that asked for it, with one line on the console naming the program and the Debian package;
 * with {@code -Dlivelog.tools.required=true} or the environment variable {@code
 * LIVELOG_TOOLS_REQUIRED=true} (what {@code .ci/run} sets) it fails the test instead.
 */
public final class Tools {

  /**
   * A program, the property that may name it, the Debian package that provides it, and where to
   * look beside the {@code PATH} (Debian keeps PostgreSQL's programs in {@code
   * /usr/lib/postgresql/<version>/bin}).
   */
  public record Tool(
      String name,
      String property,
      String debianPackage,
      List<String> commands,
      List<String> directories) {

    public Tool(String name, String property, String debianPackage, List<String> commands) {
      this(name, property, debianPackage, commands, List.of());
    }
  }

  public static final Tool CHROMIUM =
      new Tool("Chromium", "livelog.chromium", "chromium", List.of("chromium", "chromium-browser"));
  public static final Tool CHROMEDRIVER =
      new Tool("chromedriver", "livelog.chromedriver", "chromium-driver", List.of("chromedriver"));
  public static final Tool NGINX = new Tool("nginx", "livelog.nginx", "nginx", List.of("nginx"));
  public static final Tool PROMETHEUS =
      new Tool("Prometheus", "livelog.prometheus", "prometheus", List.of("prometheus"));
  public static final Tool INITDB =
      new Tool(
          "PostgreSQL's initdb",
          "livelog.initdb",
          "postgresql",
          List.of("initdb"),
          postgresDirectories(Path.of("/usr/lib/postgresql")));

  static final String REQUIRED_PROPERTY = "livelog.tools.required";
  static final String REQUIRED_ENV = "LIVELOG_TOOLS_REQUIRED";
  private static final List<String> EXTRA_DIRECTORIES = List.of("/usr/sbin", "/usr/local/sbin");
  private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

  private Tools() {}

  /** The program's executable; skips (or, when required, fails) the calling test without it. */
  public static Path require(Tool tool) {
    return require(tool, System::getProperty, System::getenv);
  }

  static Path require(Tool tool, UnaryOperator<String> properties, UnaryOperator<String> env) {
    String configured = properties.apply(tool.property());
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured.trim());
      if (!Files.isExecutable(path)) {
        throw new AssertionError(
            "-D" + tool.property() + "=" + configured + " is not an executable " + tool.name());
      }
      return path;
    }
    for (Path candidate : candidates(tool, env.apply("PATH"))) {
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    String line =
        tool.name()
            + " not found on the PATH: install the Debian package '"
            + tool.debianPackage()
            + "' (apt-get install "
            + tool.debianPackage()
            + ") or name the program with -D"
            + tool.property()
            + "=/path/to/"
            + tool.commands().get(0);
    if (required(properties, env)) {
      throw new AssertionError(
          line + " [required: " + REQUIRED_PROPERTY + " / " + REQUIRED_ENV + " is true]");
    }
    if (ANNOUNCED.add(tool.name())) {
      System.out.println("[livelog] SKIPPED tests that need " + line);
    }
    return Assumptions.abort("needs " + line);
  }

  /** {@code <root>/<version>/bin}, newest version first; none when PostgreSQL is not installed. */
  static List<String> postgresDirectories(Path root) {
    try (var versions = Files.list(root)) {
      return versions
          .map(version -> version.resolve("bin"))
          .filter(Files::isDirectory)
          .sorted(java.util.Comparator.reverseOrder())
          .map(Path::toString)
          .toList();
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  static boolean required(UnaryOperator<String> properties, UnaryOperator<String> env) {
    String value = properties.apply(REQUIRED_PROPERTY);
    if (value == null || value.isBlank()) {
      value = env.apply(REQUIRED_ENV);
    }
    return value != null && Boolean.parseBoolean(value.trim());
  }

  private static List<Path> candidates(Tool tool, String pathVariable) {
    List<String> directories = new ArrayList<>();
    if (pathVariable != null) {
      for (String directory : pathVariable.split(File.pathSeparator)) {
        if (!directory.isBlank()) {
          directories.add(directory);
        }
      }
    }
    directories.addAll(tool.directories());
    directories.addAll(EXTRA_DIRECTORIES);
    List<Path> candidates = new ArrayList<>();
    for (String command : tool.commands()) {
      for (String directory : directories) {
        candidates.add(Path.of(directory, command));
      }
    }
    return candidates;
  }
}
