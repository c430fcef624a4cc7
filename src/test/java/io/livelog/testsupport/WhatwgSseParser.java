package io.livelog.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An event-stream parser written to the letter of the WHATWG HTML standard, section "Parsing an
 * event stream": UTF-8 decoding, an optional leading BOM, CRLF, lone CR and lone LF as line ends,
 * comments, the field/value split at the first colon with one optional leading space removed,
 * {@code data} lines joined with LF, {@code id} ignored when it contains NUL, {@code retry} only
 * when all ASCII digits, and dispatch on a blank line (an empty data buffer dispatches nothing).
 * Independent of the server's framing code, so it can judge it.
 */
public final class WhatwgSseParser {

  /** One dispatched event: its type, data, the last event id then in force, and retry if set. */
  public record Event(String type, String data, String lastEventId, Long retry) {}

  private final Consumer<Event> listener;
  private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
  private boolean firstChunk = true;
  private boolean lastWasCr;
  private StringBuilder data = new StringBuilder();
  private String eventType = "";
  private String lastEventId = "";
  private Long retry;
  private final List<String> comments = new ArrayList<>();

  public WhatwgSseParser(Consumer<Event> listener) {
    this.listener = listener;
  }

  /** Feeds raw bytes as they arrive; complete lines are processed at once. */
  public void feed(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      byte b = bytes[i];
      if (b == '\n') {
        if (lastWasCr) {
          lastWasCr = false; // the LF of a CRLF
          continue;
        }
        line();
      } else if (b == '\r') {
        line();
        lastWasCr = true;
      } else {
        lastWasCr = false;
        pending.write(b);
      }
    }
  }

  private void line() {
    String line = new String(pending.toByteArray(), StandardCharsets.UTF_8);
    pending.reset();
    if (firstChunk) {
      firstChunk = false;
      if (line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
    }
    if (line.isEmpty()) {
      dispatch();
      return;
    }
    if (line.charAt(0) == ':') {
      comments.add(line.substring(1));
      return;
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "event" -> eventType = value;
      case "data" -> data.append(value).append('\n');
      case "id" -> {
        if (value.indexOf('\u0000') < 0) {
          lastEventId = value;
        }
      }
      case "retry" -> {
        if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
          retry = Long.parseLong(value);
        }
      }
      default -> {
        // ignored, as the standard says
      }
    }
  }

  private void dispatch() {
    if (data.length() == 0) {
      eventType = "";
      return;
    }
    String value = data.substring(0, data.length() - 1);
    listener.accept(
        new Event(eventType.isEmpty() ? "message" : eventType, value, lastEventId, retry));
    data = new StringBuilder();
    eventType = "";
  }

  public List<String> comments() {
    return comments;
  }

  public Long retry() {
    return retry;
  }
}
