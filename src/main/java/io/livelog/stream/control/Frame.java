package io.livelog.stream.control;

/**
 * One SSE message before framing. Names and ids never hold CR, LF or NUL; data is JSON, whose
 * strings escape them.
 *
 * @param name the event name, or null for a comment-only frame
 * @param id the event id, or null to leave the client's last id unchanged
 * @param data the JSON payload as text, or null
 * @param payload the JSON payload as chunks of UTF-8 bytes shared by many subscribers, or null
 * @param comment a comment line, or null
 * @param retryMillis a reconnection delay to announce, or -1
 */
public record Frame(
    String name, String id, String data, Payload payload, String comment, long retryMillis) {

  private static final Frame PING = new Frame(null, null, null, null, "ping", -1);

  /**
   * The first frame of every stream: it carries {@code retry:}, which Jersey writes only on a frame
   * with data, so it is an unnamed event whose data says which node serves the stream.
   */
  public static Frame open(long retryMillis, String data) {
    return new Frame(null, null, data, null, null, retryMillis);
  }

  public static Frame ping() {
    return PING;
  }

  public static Frame event(String name, String id, String data) {
    return new Frame(name, id, data, null, null, -1);
  }

  /** A {@code logs} event whose JSON array is already UTF-8 bytes, written as they are. */
  static Frame logs(String id, Payload payload) {
    return new Frame("logs", id, null, payload, null, -1);
  }

  /** The payload as text, whichever way it is held. */
  public String text() {
    return data != null || payload == null ? data : payload.toString();
  }

  /** What writing this frame puts on the wire, roughly, in bytes. */
  int size() {
    return (payload != null ? payload.length() : data != null ? data.length() : 0) + 32;
  }
}
