package io.livelog.stream.control;

/**
 * One SSE message before framing. Names and ids never hold CR, LF or NUL; data is JSON, whose
 * strings escape them.
 *
 * @param name the event name, or null for a comment-only frame
 * @param id the event id, or null to leave the client's last id unchanged
 * @param data the JSON payload, or null
 * @param comment a comment line, or null
 * @param retryMillis a reconnection delay to announce, or -1
 */
public record Frame(String name, String id, String data, String comment, long retryMillis) {

  /**
   * The first frame of every stream: it carries {@code retry:}, which Jersey writes only on a frame
   * with data, so it is an unnamed event whose data says which node serves the stream.
   */
  public static Frame open(long retryMillis, String data) {
    return new Frame(null, null, data, null, retryMillis);
  }

  public static Frame ping() {
    return new Frame(null, null, null, "ping", -1);
  }

  public static Frame event(String name, String id, String data) {
    return new Frame(name, id, data, null, -1);
  }
}
