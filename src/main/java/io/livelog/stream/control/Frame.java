package io.livelog.stream.control;

import java.nio.charset.StandardCharsets;

/**
 * One SSE message as the UTF-8 bytes that go on the wire, ending with the blank line. Names and ids
 * never hold CR, LF or NUL; data is JSON, whose strings escape them, and a data text with a line
 * break anyway becomes several {@code data:} lines, so nothing can end a message early.
 *
 * @param bytes the message, shared between subscribers: never changed
 * @param events how many log events it carries (0 for anything but {@code logs})
 * @param lastId the id of its last log event, or -1
 */
public record Frame(byte[] bytes, int events, long lastId) {

  private static final Frame PING = new Frame(ascii(": ping\n\n"), 0, -1);

  /**
   * The first frame of every stream: {@code retry:} and an unnamed event whose data says which node
   * serves the stream.
   */
  public static Frame open(long retryMillis, String data) {
    StringBuilder text = new StringBuilder("retry: ").append(retryMillis).append('\n');
    return new Frame(utf8(data(text, data).append('\n')), 0, -1);
  }

  public static Frame ping() {
    return PING;
  }

  /** A named event without an id (metric, alert, gap). */
  public static Frame event(String name, String data) {
    StringBuilder text = new StringBuilder("event: ").append(name).append('\n');
    return new Frame(utf8(data(text, data).append('\n')), 0, -1);
  }

  /** The header of a {@code logs} frame up to its data's opening bracket. */
  static byte[] logsHeader(long lastId) {
    return ascii("event: logs\nid: " + lastId + "\ndata: [");
  }

  /** What closes a {@code logs} frame after its data's last event. */
  static final byte[] LOGS_TRAILER = ascii("]\n\n");

  /** The frame as text, for tests and logs. */
  public String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Its size on the wire in bytes. */
  public int size() {
    return bytes.length;
  }

  private static StringBuilder data(StringBuilder text, String data) {
    int from = 0;
    while (true) {
      int end = lineEnd(data, from);
      text.append("data: ").append(data, from, end).append('\n');
      if (end == data.length()) {
        return text;
      }
      from =
          data.charAt(end) == '\r' && end + 1 < data.length() && data.charAt(end + 1) == '\n'
              ? end + 2
              : end + 1;
    }
  }

  private static int lineEnd(String data, int from) {
    for (int i = from; i < data.length(); i++) {
      char c = data.charAt(i);
      if (c == '\n' || c == '\r') {
        return i;
      }
    }
    return data.length();
  }

  private static byte[] utf8(CharSequence text) {
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
