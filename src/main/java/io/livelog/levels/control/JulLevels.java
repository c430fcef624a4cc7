package io.livelog.levels.control;

import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;

/**
 * The level names an operator may set: JUL's own ({@code OFF SEVERE WARNING INFO CONFIG FINE FINER
 * FINEST ALL}) and Livelog's ({@code TRACE DEBUG INFO WARN ERROR}, each as the lowest JUL level
 * that maps to it), case-insensitive. Numbers and localized names, which {@link Level#parse} would
 * also take, are refused.
 */
public final class JulLevels {

  private JulLevels() {}

  public static Optional<Level> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    return switch (text.trim().toUpperCase(Locale.ROOT)) {
      case "OFF" -> Optional.of(Level.OFF);
      case "SEVERE", "ERROR" -> Optional.of(Level.SEVERE);
      case "WARNING", "WARN" -> Optional.of(Level.WARNING);
      case "INFO" -> Optional.of(Level.INFO);
      case "CONFIG" -> Optional.of(Level.CONFIG);
      case "FINE", "DEBUG" -> Optional.of(Level.FINE);
      case "FINER" -> Optional.of(Level.FINER);
      case "FINEST", "TRACE" -> Optional.of(Level.FINEST);
      case "ALL" -> Optional.of(Level.ALL);
      default -> Optional.empty();
    };
  }

  /** A level's name as JUL prints it; null stays null (a logger that inherits). */
  public static String name(Level level) {
    return level == null ? null : level.getName();
  }
}
