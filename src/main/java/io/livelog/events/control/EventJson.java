package io.livelog.events.control;

import io.livelog.events.entity.LogEvent;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;

/**
 * JSON-B serialization of what goes on the wire, made safe for any transport: JSON already escapes
 * CR, LF and NUL; this also escapes lone surrogates, which UTF-8 cannot carry and would otherwise
 * arrive as {@code ?}.
 */
public final class EventJson {

  private static final Jsonb JSONB =
      JsonbBuilder.newBuilder()
          .withProvider(JsonFactories.provider())
          .withConfig(new JsonbConfig())
          .build();

  private EventJson() {}

  public static String toJson(Object value) {
    return escapeLoneSurrogates(JSONB.toJson(value));
  }

  /**
   * A log event's JSON, written with JSON-P ({@link LogEventWriter}); the same text as JSON-B's.
   */
  public static String toJson(LogEvent event) {
    return escapeLoneSurrogates(
        LogEventWriter.write(event, value -> JsonFactories.read(JSONB.toJson(value))));
  }

  public static <T> T fromJson(String json, Class<T> type) {
    return JSONB.fromJson(json, type);
  }

  /** Replaces every unpaired UTF-16 surrogate with its {@code \\uXXXX} JSON escape. */
  static String escapeLoneSurrogates(String json) {
    int length = json.length();
    int i = 0;
    while (i < length) {
      char c = json.charAt(i);
      if (Character.isSurrogate(c) && !pairedAt(json, i)) {
        break;
      }
      i += Character.isHighSurrogate(c) ? 2 : 1;
    }
    if (i >= length) {
      return json;
    }
    StringBuilder out = new StringBuilder(length + 16).append(json, 0, i);
    while (i < length) {
      char c = json.charAt(i);
      if (Character.isHighSurrogate(c) && pairedAt(json, i)) {
        out.append(c).append(json.charAt(i + 1));
        i += 2;
        continue;
      }
      if (Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
      i++;
    }
    return out.toString();
  }

  private static boolean pairedAt(String s, int i) {
    return Character.isHighSurrogate(s.charAt(i))
        && i + 1 < s.length()
        && Character.isLowSurrogate(s.charAt(i + 1));
  }
}
