package io.livelog.stream.control;

/**
 * One SSE message before framing. Names and ids never hold CR, LF or NUL; data is JSON, whose
 * strings escape them.
 *
 * @param name the event name, or null for a comment-only frame
 * @param id the event id, or null to leave the client's last id unchanged
 * @param data the JSON payload, or null
 * @param utf8 the JSON payload already encoded as UTF-8 (shared by many subscribers), or null
 * @param comment a comment line, or null
 * @param retryMillis a reconnection delay to announce, or -1
 */
public record Frame(
    String name, String id, String data, byte[] utf8, String comment, long retryMillis) {

  /**
   * The first frame of every stream: it carries {@code retry:}, which Jersey writes only on a frame
   * with data, so it is an unnamed event whose data says which node serves the stream.
   */
  public static Frame open(long retryMillis, String data) {
    return new Frame(null, null, data, null, null, retryMillis);
  }

  public static Frame ping() {
    return new Frame(null, null, null, null, "ping", -1);
  }

  public static Frame event(String name, String id, String data) {
    return new Frame(name, id, data, null, null, -1);
  }

  /** The payload as text, whichever way it is held. */
  @Override
  public String data() {
    return data != null || utf8 == null
        ? data
        : new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** An event whose JSON is already UTF-8 bytes, written as they are. */
  public static Frame event(String name, String id, byte[] utf8) {
    return new Frame(name, id, null, utf8, null, -1);
  }
}
