package io.livelog.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The one way tests deploy: the WAR that {@code package} built (black box), with a test
 * configuration and the in-app {@link TestProbe} added.
 */
public final class Deployments {

  public static final String ADMIN_PASSWORD = "it-admin-" + Long.toHexString(System.nanoTime());
  public static final String INGEST_TOKEN = "it-token-" + Long.toHexString(System.nanoTime() * 31);

  private Deployments() {}

  /**
   * The built WAR with the test identities, a 1 s heartbeat, 2 s health samples, and extra
   * settings.
   */
  public static WebArchive livelog(String... extraSettings) {
    Properties settings = new Properties();
    settings.setProperty("livelog.admin.password", ADMIN_PASSWORD);
    settings.setProperty("livelog.ingest.token", INGEST_TOKEN);
    settings.setProperty("livelog.heartbeat.seconds", "1");
    settings.setProperty("livelog.health.seconds", "2");
    for (String setting : extraSettings) {
      int eq = setting.indexOf('=');
      settings.setProperty(setting.substring(0, eq), setting.substring(eq + 1));
    }
    return withSettings(settings);
  }

  /**
   * The built WAR with exactly these settings (for example none at all), plus, unless they name
   * one, a store directory of its own: each test server gets a fresh H2 file, so servers that run
   * side by side never share or wait on one (a node of {@link ClusterNodes} names its own with a
   * system property, which wins over this file).
   */
  public static WebArchive withSettings(Properties settings) {
    if (!settings.containsKey("livelog.store.dir")) {
      settings = (Properties) settings.clone();
      settings.setProperty("livelog.store.dir", freshStoreDir().toString());
    }
    // the WAR's own defaults (its microprofile-config.properties) stay, the test's settings win
    WebArchive war = builtWar();
    String packaged = "WEB-INF/classes/META-INF/microprofile-config.properties";
    Properties merged = new Properties();
    if (war.contains(packaged)) {
      try (var in = war.get(packaged).getAsset().openStream()) {
        merged.load(in);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      war.delete(packaged);
    }
    merged.putAll(settings);
    StringBuilder text = new StringBuilder();
    merged.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    return war.addClasses(TestProbe.class, TestTicker.class)
        .addAsResource(new StringAsset(text.toString()), "META-INF/microprofile-config.properties");
  }

  /** A new, empty directory under {@code target/it-store/}. */
  public static Path freshStoreDir() {
    try {
      Path base =
          Files.createDirectories(
              Path.of(System.getProperty("livelog.basedir", "."), "target", "it-store"));
      return Files.createTempDirectory(base, "store-").toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static WebArchive builtWar() {
    File war = new File(System.getProperty("livelog.war", "target/livelog.war"));
    if (!war.isFile()) {
      throw new IllegalStateException("build the WAR first (mvn package): " + war);
    }
    return ShrinkWrap.createFromZipFile(WebArchive.class, war);
  }
}
