package io.livelog.store.control;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where the embedded store lives when {@code livelog.store.dir} does not say: WildFly's data
 * directory; a Payara instance's root when it is a real one; else (Payara Micro without {@code
 * --rootdir} boots in a fresh temporary root each time) {@code ${user.home}/.livelog/<node>}. The
 * alert rules' file lives there too.
 */
public final class StoreDirectory {

  private StoreDirectory() {}

  /**
   * @param configured {@code livelog.store.dir}, if set
   * @param node this node's name
   * @param properties the system properties
   */
  public static Path resolve(
      Optional<String> configured, String node, UnaryOperator<String> properties) {
    if (configured.isPresent() && !configured.get().isBlank()) {
      return Path.of(configured.get().trim());
    }
    String jboss = properties.apply("jboss.server.data.dir");
    if (jboss != null) {
      return Path.of(jboss, "livelog");
    }
    String payara = properties.apply("com.sun.aas.instanceRoot");
    if (payara != null && !temporary(payara, properties.apply("java.io.tmpdir"))) {
      return Path.of(payara, "data", "livelog");
    }
    return Path.of(properties.apply("user.home"), ".livelog", safe(node));
  }

  /** Payara Micro's throw-away roots: {@code payaramicro-rt<digits>tmp} under the temp dir. */
  static boolean temporary(String root, String tmpdir) {
    Path path = Path.of(root).toAbsolutePath().normalize();
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    return name.startsWith("payaramicro-rt")
        || tmpdir != null && path.startsWith(Path.of(tmpdir).toAbsolutePath().normalize());
  }

  private static String safe(String node) {
    String cleaned = node == null ? "" : node.replaceAll("[^A-Za-z0-9._-]", "_");
    return cleaned.isEmpty() || cleaned.startsWith(".") ? "livelog" : cleaned;
  }
}
