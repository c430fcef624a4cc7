package io.livelog.testsupport;

import java.util.List;
import java.util.Random;

/**
 * Random strings made to break SSE framing: CR, LF, CRLF, NUL, lone surrogates of both kinds,
 * emoji, leading spaces and colons, and text that looks like {@code data:}, {@code id:}, {@code
 * event:} and {@code retry:} fields, mixed with ordinary letters. Seeded, so a failure repeats.
 */
public final class NastyStrings {

  private static final List<String> PIECES =
      List.of(
          "\r",
          "\n",
          "\r\n",
          "\n\n",
          "\r\r",
          "\u0000",
          "\uD800",
          "\uDFFF",
          "\uDC00x",
          "\uDBFF",
          "\uD83D\uDE00",
          "\uD83D\uDCA9",
          "\uFEFF",
          " ",
          "  ",
          ":",
          ": ping",
          "data:",
          "data: x",
          "id:",
          "id: 999999999999999999",
          "event:",
          "event: gap",
          "retry: 1",
          "\\",
          "\"",
          "\\u0000",
          "\t",
          "\u001b[31m",
          "\u2028",
          "\u2029",
          "\u0085",
          "é",
          "日本",
          "<script>",
          "}]",
          "[{",
          "a",
          "bc",
          "0");

  private final Random random;

  public NastyStrings(long seed) {
    this.random = new Random(seed);
  }

  /** A string of 0 to {@code maxPieces} pieces; always non-empty when {@code nonEmpty}. */
  public String next(int maxPieces, boolean nonEmpty) {
    StringBuilder out = new StringBuilder();
    int pieces = random.nextInt(maxPieces + 1);
    if (nonEmpty && pieces == 0) {
      pieces = 1;
    }
    for (int i = 0; i < pieces; i++) {
      if (random.nextInt(5) == 0) {
        out.appendCodePoint(randomCodePoint());
      } else {
        out.append(PIECES.get(random.nextInt(PIECES.size())));
      }
    }
    return out.toString();
  }

  private int randomCodePoint() {
    return switch (random.nextInt(4)) {
      case 0 -> random.nextInt(0x20);
      case 1 -> 0x20 + random.nextInt(0x60);
      case 2 -> 0xA0 + random.nextInt(0xD800 - 0xA0);
      default -> 0x10000 + random.nextInt(0x10FFFF - 0x10000);
    };
  }

  /** Describes a string with every char as a code, for failure messages. */
  public static String describe(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.append('"').toString();
  }
}
