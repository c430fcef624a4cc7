package io.livelog.sources.boundary;

import io.livelog.events.control.EventRelay;
import io.livelog.events.entity.Level;
import io.livelog.levels.control.LogLevels;
import io.livelog.sources.control.CaptureHandler;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.logging.Logger;
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
    handler = new CaptureHandler(relay::submit, min, levels::changed);
    Logger.getLogger("").addHandler(handler);
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
