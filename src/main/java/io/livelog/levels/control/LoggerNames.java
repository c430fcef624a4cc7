package io.livelog.levels.control;

/** What a logger name in a request may be: 1 to 300 characters of a Java-style dotted name. */
public final class LoggerNames {

  static final int MAX = 300;

  private LoggerNames() {}

  /**
   * @throws LevelChangeException naming {@code name} when it is not a plausible logger name
   */
  public static String check(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX) {
      throw new LevelChangeException("name", "a logger name is 1 to " + MAX + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '$' || c == '-')) {
        throw new LevelChangeException(
            "name", "a logger name holds only letters, digits and . _ $ -");
      }
    }
    if (name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
      throw new LevelChangeException("name", "a logger name has no empty segment");
    }
    return name;
  }
}
