package io.livelog.events.entity;

import java.util.Locale;
import java.util.Optional;

/** The five levels of the contract, with the input aliases of JUL and common shippers. */
public enum Level {
  TRACE,
  DEBUG,
  INFO,
  WARN,
  ERROR;

  /** Maps a level name or alias, case-insensitively; empty when the text names no level. */
  public static Optional<Level> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    return switch (text.trim().toUpperCase(Locale.ROOT)) {
      case "TRACE", "FINEST", "FINER", "ALL" -> Optional.of(TRACE);
      case "DEBUG", "FINE", "CONFIG" -> Optional.of(DEBUG);
      case "INFO", "INFORMATION", "NOTICE" -> Optional.of(INFO);
      case "WARN", "WARNING" -> Optional.of(WARN);
      case "ERROR", "SEVERE", "FATAL", "CRITICAL", "ERR", "ALERT", "EMERG", "EMERGENCY" ->
          Optional.of(ERROR);
      default -> Optional.empty();
    };
  }

  /** Maps a {@link java.util.logging.Level} by its numeric value, so custom levels map too. */
  public static Level of(java.util.logging.Level julLevel) {
    int value = julLevel.intValue();
    if (value >= java.util.logging.Level.SEVERE.intValue()) {
      return ERROR;
    }
    if (value >= java.util.logging.Level.WARNING.intValue()) {
      return WARN;
    }
    if (value >= java.util.logging.Level.INFO.intValue()) {
      return INFO;
    }
    if (value >= java.util.logging.Level.FINE.intValue()) {
      return DEBUG;
    }
    return TRACE;
  }

  /** The lowest JUL level that maps to this level. */
  public java.util.logging.Level toJul() {
    return switch (this) {
      case TRACE -> java.util.logging.Level.FINEST;
      case DEBUG -> java.util.logging.Level.FINE;
      case INFO -> java.util.logging.Level.INFO;
      case WARN -> java.util.logging.Level.WARNING;
      case ERROR -> java.util.logging.Level.SEVERE;
    };
  }
}
