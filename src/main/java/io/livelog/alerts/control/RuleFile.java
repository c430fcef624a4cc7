package io.livelog.alerts.control;

import io.livelog.events.control.JsonFactories;
import io.livelog.store.control.StoreDirectory;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * The operator's alert rules on disk ({@code alerts.json}, beside the store's files unless {@code
 * livelog.alerts.file} says where), so that they survive a restart: the rules as written, who set
 * them, and the {@code livelog.alerts.rules} they replaced. Written whole to a temporary file, then
 * moved over the old one, so a crash leaves the old rules or the new ones, never half.
 */
final class RuleFile {

  private static final JsonProvider JSON = JsonFactories.provider();
  private static final Logger LOG = Logger.getLogger(RuleFile.class.getName());

  /** What the file holds. */
  record Saved(List<String> rules, String configured, String by, long ts) {}

  private final Path path;

  RuleFile(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  /**
   * Where the file is: {@code livelog.alerts.file}, else {@code alerts.json} in the directory the
   * embedded store uses ({@link StoreDirectory}).
   */
  static Path resolve(
      Optional<String> file,
      Optional<String> storeDir,
      String node,
      UnaryOperator<String> properties) {
    if (file.isPresent() && !file.get().isBlank()) {
      return Path.of(file.get().trim());
    }
    return StoreDirectory.resolve(storeDir, node, properties).resolve("alerts.json");
  }

  /**
   * The saved rules that apply at start: those of the file, unless the configuration ({@code
   * configured}) changed since they were saved (the newer decision wins), or the file cannot be
   * read or holds a rule that no longer parses (logged; the configuration applies).
   */
  Optional<Saved> inForce(String configured) {
    try {
      Optional<Saved> saved = read();
      if (saved.isEmpty()) {
        return saved;
      }
      if (!saved.get().configured().equals(configured)) {
        LOG.info(
            "Livelog: livelog.alerts.rules changed since an operator set the rules in "
                + path
                + "; the configuration's rules apply");
        return Optional.empty();
      }
      saved.get().rules().forEach(RuleSyntax::parse);
      LOG.info(
          "Livelog: "
              + saved.get().rules().size()
              + " alert rule(s) as "
              + saved.get().by()
              + " set them, from "
              + path);
      return saved;
    } catch (IOException | IllegalArgumentException e) {
      LOG.severe("Livelog: the saved alert rules in " + path + " are ignored: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** The saved rules; empty when there is no file. */
  Optional<Saved> read() throws IOException {
    if (!Files.isRegularFile(path)) {
      return Optional.empty();
    }
    String text = Files.readString(path, StandardCharsets.UTF_8);
    try (JsonReader reader = JSON.createReader(new StringReader(text))) {
      JsonObject json = reader.readObject();
      List<String> rules = new ArrayList<>();
      for (JsonValue rule : json.getJsonArray("rules")) {
        rules.add(((JsonString) rule).getString());
      }
      return Optional.of(
          new Saved(
              rules,
              json.getString("configured", ""),
              json.getString("by", "?"),
              json.getJsonNumber("ts") == null ? 0 : json.getJsonNumber("ts").longValue()));
    } catch (RuntimeException e) {
      throw new IOException(path + " is not a rules file: " + e.getMessage(), e);
    }
  }

  void write(Saved saved) throws IOException {
    JsonArrayBuilder rules = JSON.createArrayBuilder();
    saved.rules().forEach(rules::add);
    String json =
        JSON.createBuilderFactory(Map.of())
            .createObjectBuilder()
            .add("rules", rules)
            .add("configured", saved.configured())
            .add("by", saved.by())
            .add("ts", saved.ts())
            .build()
            .toString();
    Path parent = path.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = Files.createTempFile(parent, "alerts", ".tmp");
    try {
      Files.writeString(temporary, json + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(
            temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
