package io.livelog.sources.boundary;

import io.livelog.events.control.EventRelay;
import io.livelog.events.entity.Level;
import io.livelog.levels.control.LogLevels;
import io.livelog.sources.control.AppNames;
import io.livelog.sources.control.CaptureHandler;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.Objects;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Installs the capture handler on the root logger when the application starts and removes it at
 * undeploy, so redeploys never stack handlers.
 */
@Singleton
@Startup
public class ServerLogCapture {

  @Inject EventRelay relay;
  @Inject LogLevels levels;

  @Inject
  @ConfigProperty(name = "livelog.capture.server", defaultValue = "true")
  boolean enabled;

  @Inject
  @ConfigProperty(name = "livelog.capture.level", defaultValue = "INFO")
  String level;

  private CaptureHandler handler;

  @PostConstruct
  void install() {
    if (!enabled) {
      return;
    }
    Level min =
        Level.parse(level)
            .orElseThrow(() -> new IllegalArgumentException("livelog.capture.level: " + level));
    AppNames apps =
        new AppNames(
            ServerLogCapture.class.getClassLoader(),
            Objects.requireNonNullElse(lookupAppName(), "livelog"),
            ServerLogCapture::lookupAppName);
    handler = new CaptureHandler(relay::submit, min, levels::changed, apps::current);
    Logger.getLogger("").addHandler(handler);
  }

  /** {@code java:app/AppName} of the calling thread's application, or null outside one. */
  static String lookupAppName() {
    try {
      return new InitialContext().lookup("java:app/AppName") instanceof String name ? name : null;
    } catch (NamingException | RuntimeException e) {
      return null;
    }
  }

  @PreDestroy
  void uninstall() {
    if (handler != null) {
      Logger.getLogger("").removeHandler(handler);
      handler = null;
    }
  }

  /** Counts Livelog's handlers on the root logger; one while deployed, none after. */
  public static long installedHandlers() {
    Logger root = Logger.getLogger("");
    return java.util.Arrays.stream(root.getHandlers())
        .filter(h -> h.getClass().getName().equals(CaptureHandler.class.getName()))
        .count();
  }
}
