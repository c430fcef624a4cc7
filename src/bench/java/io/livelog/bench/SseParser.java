package io.livelog.bench;

import java.nio.charset.StandardCharsets;

/**
 * A byte-level event-stream parser to the WHATWG rules (optional BOM; CRLF, CR and LF line ends;
 * comments; the field/value split at the first colon with one leading space removed; data lines
 * joined with LF; dispatch on a blank line, nothing for empty data), lean enough for thousands of
 * streams on one thread. The data of a {@code logs} event is not buffered: it streams through an
 * {@link EventScanner} as it arrives, and the event count is handed over on dispatch.
 */
final class SseParser implements HttpIn.Body {

  /** What the parser reports. Data bytes are valid only during the call. */
  interface Listener {
    void logs(long events);

    void event(String type, byte[] data, int length);

    void comment();
  }

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final int FIELD = 0;
  private static final int SPACE = 1;
  private static final int VALUE = 2;
  private static final int STREAM = 3;
  private static final int COMMENT = 4;

  private final Listener listener;
  final EventScanner scanner;
  private byte[] field = new byte[16];
  private int fieldLength;
  private byte[] value = new byte[64];
  private int valueLength;
  private byte[] data = new byte[256];
  private int dataLength;
  private boolean streamed;
  private String type = "";
  private int state = FIELD;
  private boolean lastWasCr;
  private int bom;

  SseParser(Listener listener, EventScanner scanner) {
    this.listener = listener;
    this.scanner = scanner;
  }

  @Override
  public void bytes(byte[] b, int off, int len) {
    int end = off + len;
    for (int i = off; i < end; i++) {
      byte c = b[i];
      if (bom < 3) {
        if (c == BOM[bom]) {
          bom++;
          continue;
        }
        bom = 3;
      }
      if (c == '\n' || c == '\r') {
        if (c == '\n' && lastWasCr) {
          lastWasCr = false;
          continue;
        }
        lastWasCr = c == '\r';
        endOfLine();
        continue;
      }
      lastWasCr = false;
      switch (state) {
        case FIELD -> {
          if (c == ':') {
            state = fieldLength == 0 ? COMMENT : SPACE;
            if (state == SPACE && isData() && "logs".equals(type)) {
              startStream();
            }
          } else {
            field = append(field, fieldLength++, c);
          }
        }
        case SPACE, VALUE -> {
          if (state == SPACE) {
            state = VALUE;
            if (c == ' ') {
              continue;
            }
          }
          value = append(value, valueLength++, c);
        }
        case STREAM -> {
          if (c == ' ' && !streamed) {
            streamed = true; // the one optional space after the colon
            continue;
          }
          streamed = true;
          scanner.feed(c);
        }
        default -> {
          // a comment's text is not kept
        }
      }
    }
  }

  private void startStream() {
    state = STREAM;
    if (dataLength > 0 || streamedAny) {
      scanner.feed((byte) '\n'); // data lines are joined with LF
    }
    streamed = false;
    streamedAny = true;
  }

  private boolean streamedAny;

  private static byte[] append(byte[] buffer, int at, byte c) {
    if (at == buffer.length) {
      buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
    }
    buffer[at] = c;
    return buffer;
  }

  private boolean isData() {
    return fieldLength == 4
        && field[0] == 'd'
        && field[1] == 'a'
        && field[2] == 't'
        && field[3] == 'a';
  }

  private void endOfLine() {
    int s = state;
    state = FIELD;
    if (s == COMMENT) {
      listener.comment();
      return;
    }
    if (s == STREAM) {
      fieldLength = 0;
      return;
    }
    if (s == FIELD && fieldLength == 0) {
      dispatch();
      return;
    }
    String name = new String(field, 0, fieldLength, StandardCharsets.UTF_8);
    fieldLength = 0;
    int length = valueLength;
    valueLength = 0;
    switch (name) {
      case "data" -> {
        if (dataLength + length + 1 > data.length) {
          data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, dataLength + length + 1));
        }
        System.arraycopy(value, 0, data, dataLength, length);
        dataLength += length;
        data[dataLength++] = '\n';
      }
      case "event" -> type = new String(value, 0, length, StandardCharsets.UTF_8);
      default -> {
        // id and retry are not needed here; unknown fields are ignored, as the standard says
      }
    }
    if (value.length > 65536) {
      value = new byte[64];
    }
  }

  private void dispatch() {
    boolean any = dataLength > 0 || streamedAny;
    if (any) {
      String name = type.isEmpty() ? "message" : type;
      if ("logs".equals(name)) {
        if (dataLength > 0) {
          scanner.feed(data, 0, dataLength - (streamedAny ? 0 : 1));
        }
        listener.logs(scanner.take());
      } else {
        listener.event(name, data, Math.max(0, dataLength - 1));
      }
    }
    dataLength = 0;
    streamedAny = false;
    type = "";
    if (data.length > 65536) {
      data = new byte[256];
    }
  }
}
