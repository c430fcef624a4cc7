package io.livelog.alerts.control;

import io.livelog.events.entity.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads rules written as {@code [NAME:] COUNT LEVEL [from PREFIX] [containing TEXT] [where
 * FIELD=VALUE]... in N [s|seconds|m|minutes]}, for example {@code orders: 5 ERROR from com.acme. in
 * 60 s}, {@code 20 WARN containing "timed out" in 5 minutes} or {@code 3 any where status=503 where
 * service="web shop" in 1 m}. {@code LEVEL} is any level name or alias (the minimum), or {@code
 * any}; a trailing {@code *} of the prefix is ignored; {@code TEXT} and {@code VALUE} are one word
 * or a double-quoted phrase. Several rules in one setting are separated by {@code ;}, which a rule
 * therefore never contains. Without a name, the rule's text is its name.
 */
public final class RuleSyntax {

  public static final int MAX_RULES = 100;

  /** {@code where} conditions in one rule. */
  public static final int MAX_WHERE = 8;

  private RuleSyntax() {}

  /** Every rule of a {@code ;}-separated list (blank entries are skipped). */
  public static List<AlertRule> parseAll(String text) {
    List<AlertRule> rules = new ArrayList<>();
    if (text == null) {
      return rules;
    }
    for (String part : text.split(";")) {
      if (!part.isBlank()) {
        rules.add(parse(part));
      }
    }
    if (rules.size() > MAX_RULES) {
      throw new IllegalArgumentException("at most " + MAX_RULES + " rules");
    }
    return rules;
  }

  /**
   * @throws IllegalArgumentException saying what is wrong
   */
  public static AlertRule parse(String rule) {
    String text = rule.strip();
    if (text.length() > 500) {
      throw new IllegalArgumentException("a rule is at most 500 characters");
    }
    if (text.indexOf(';') >= 0) {
      throw new IllegalArgumentException("a rule never contains ; (it separates rules)");
    }
    String name = text;
    int colon = text.indexOf(':');
    if (colon > 0 && !text.substring(0, colon).contains(" ")) {
      name = text.substring(0, colon);
      text = text.substring(colon + 1).strip();
    }
    List<String> words = words(text);
    int i = 0;
    int count = number(words, i++, "a count");
    if (count < 1 || count > 100_000) {
      throw new IllegalArgumentException("the count must be 1 to 100000");
    }
    String levelWord = word(words, i++, "a level");
    Level level =
        levelWord.equalsIgnoreCase("any")
            ? Level.TRACE
            : Level.parse(levelWord)
                .orElseThrow(() -> new IllegalArgumentException("unknown level " + levelWord));
    String prefix = "";
    String contains = null;
    Map<String, String> where = new LinkedHashMap<>();
    while (i < words.size() && !words.get(i).equalsIgnoreCase("in")) {
      String keyword = words.get(i++).toLowerCase(Locale.ROOT);
      switch (keyword) {
        case "from" -> prefix = stripStar(word(words, i++, "a logger prefix after from"));
        case "containing" ->
            contains = word(words, i++, "a text after containing").toLowerCase(Locale.ROOT);
        case "where" -> condition(word(words, i++, "FIELD=VALUE after where"), where);
        default ->
            throw new IllegalArgumentException(
                "expected from, containing, where or in, not " + keyword);
      }
    }
    word(words, i++, "in");
    long seconds = number(words, i++, "the window's length");
    if (i < words.size()) {
      String unit = words.get(i++).toLowerCase(Locale.ROOT);
      seconds *=
          switch (unit) {
            case "s", "sec", "second", "seconds" -> 1;
            case "m", "min", "minute", "minutes" -> 60;
            default -> throw new IllegalArgumentException("unknown unit " + unit);
          };
    }
    if (i < words.size()) {
      throw new IllegalArgumentException("unexpected " + words.get(i));
    }
    if (seconds < 1 || seconds > 86_400) {
      throw new IllegalArgumentException("the window must be 1 s to 24 hours");
    }
    return new AlertRule(name, count, level, prefix, contains, where, seconds, rule.strip());
  }

  private static void condition(String condition, Map<String, String> where) {
    int equals = condition.indexOf('=');
    if (equals < 1) {
      throw new IllegalArgumentException("expected FIELD=VALUE after where, not " + condition);
    }
    String field = condition.substring(0, equals);
    if (!field.matches("[A-Za-z_][A-Za-z0-9_.\\-]{0,63}")) {
      throw new IllegalArgumentException("not a field name: " + field);
    }
    if (where.size() >= MAX_WHERE || where.containsKey(field)) {
      throw new IllegalArgumentException(
          "at most " + MAX_WHERE + " where conditions, each field once");
    }
    where.put(field, condition.substring(equals + 1));
  }

  private static String stripStar(String prefix) {
    return prefix.endsWith("*") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }

  private static String word(List<String> words, int i, String what) {
    if (i >= words.size()) {
      throw new IllegalArgumentException("expected " + what);
    }
    return words.get(i);
  }

  private static int number(List<String> words, int i, String what) {
    String word = word(words, i, what);
    String digits = word.replaceAll("(?i)(s|m)$", "");
    try {
      int n = Integer.parseInt(digits);
      if (!digits.equals(word)) {
        words.add(i + 1, word.substring(digits.length()));
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected " + what + ", not " + word);
    }
  }

  /** Words split on spaces; a double-quoted phrase is one word. */
  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"') {
        int end = text.indexOf('"', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("a quote is not closed");
        }
        words.add(text.substring(i + 1, end));
        i = end + 1;
      } else {
        StringBuilder word = new StringBuilder();
        while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
          if (text.charAt(i) == '"') { // FIELD="a phrase"
            int end = text.indexOf('"', i + 1);
            if (end < 0) {
              throw new IllegalArgumentException("a quote is not closed");
            }
            word.append(text, i + 1, end);
            i = end + 1;
          } else {
            word.append(text.charAt(i++));
          }
        }
        words.add(word.toString());
      }
    }
    return words;
  }
}
