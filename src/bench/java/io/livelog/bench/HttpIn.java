package io.livelog.bench;

import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 response read incrementally from raw bytes: status line, headers, then the body as it
 * arrives, undoing {@code Transfer-Encoding: chunked} or counting {@code Content-Length}.
 */
final class HttpIn {

  /** Receives body bytes as they are decoded. */
  interface Body {
    void bytes(byte[] b, int off, int len);
  }

  private enum State {
    HEAD,
    LENGTH,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILER,
    UNTIL_CLOSE,
    DONE
  }

  private final Body body;
  private State state = State.HEAD;
  private byte[] head = new byte[1024];
  private int headLength;
  private long remaining;
  private long chunkSize;
  private boolean sawDigit;
  private boolean inExtension;
  private int trailerLineLength;
  int status;
  boolean close;

  HttpIn(Body body) {
    this.body = body;
  }

  boolean headersDone() {
    return state != State.HEAD;
  }

  boolean done() {
    return state == State.DONE;
  }

  void reset() {
    state = State.HEAD;
    headLength = 0;
    status = 0;
    close = false;
  }

  /** Feeds bytes; returns how many were consumed (less than len only when the response ended). */
  int feed(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end && state != State.DONE) {
      switch (state) {
        case HEAD -> i = head(b, i, end);
        case LENGTH -> {
          int n = (int) Math.min(remaining, end - i);
          body.bytes(b, i, n);
          i += n;
          remaining -= n;
          if (remaining == 0) {
            state = State.DONE;
          }
        }
        case UNTIL_CLOSE -> {
          body.bytes(b, i, end - i);
          i = end;
        }
        case CHUNK_SIZE -> {
          byte c = b[i++];
          if (c == '\n') {
            if (!sawDigit) {
              throw new IllegalStateException("bad chunk size line");
            }
            state = chunkSize == 0 ? State.TRAILER : State.CHUNK_DATA;
            trailerLineLength = 0;
            remaining = chunkSize;
          } else if (c == ';') {
            inExtension = true;
          } else if (!inExtension && c != '\r' && c != ' ') {
            chunkSize = chunkSize * 16 + Character.digit(c, 16);
            sawDigit = true;
          }
        }
        case CHUNK_DATA -> {
          int n = (int) Math.min(remaining, end - i);
          body.bytes(b, i, n);
          i += n;
          remaining -= n;
          if (remaining == 0) {
            state = State.CHUNK_END;
          }
        }
        case CHUNK_END -> {
          if (b[i++] == '\n') {
            newChunk();
          }
        }
        case TRAILER -> {
          byte c = b[i++];
          if (c == '\n') {
            if (trailerLineLength == 0) {
              state = State.DONE;
            }
            trailerLineLength = 0;
          } else if (c != '\r') {
            trailerLineLength++;
          }
        }
        default -> throw new IllegalStateException(state.name());
      }
    }
    return i - off;
  }

  private void newChunk() {
    state = State.CHUNK_SIZE;
    chunkSize = 0;
    sawDigit = false;
    inExtension = false;
  }

  private int head(byte[] b, int i, int end) {
    while (i < end) {
      if (headLength == head.length) {
        head = java.util.Arrays.copyOf(head, head.length * 2);
      }
      head[headLength++] = b[i++];
      if (headLength >= 4
          && head[headLength - 1] == '\n'
          && head[headLength - 2] == '\r'
          && head[headLength - 3] == '\n') {
        parseHead();
        return i;
      }
    }
    return i;
  }

  private void parseHead() {
    String text = new String(head, 0, headLength, StandardCharsets.ISO_8859_1);
    String[] lines = text.split("\r\n");
    status = Integer.parseInt(lines[0].split(" ")[1]);
    long length = -1;
    boolean chunked = false;
    for (int l = 1; l < lines.length; l++) {
      String line = lines[l].toLowerCase(java.util.Locale.ROOT);
      if (line.startsWith("content-length:")) {
        length = Long.parseLong(line.substring(15).trim());
      } else if (line.startsWith("transfer-encoding:") && line.contains("chunked")) {
        chunked = true;
      } else if (line.startsWith("connection:") && line.contains("close")) {
        close = true;
      }
    }
    if (chunked) {
      newChunk();
    } else if (length >= 0) {
      remaining = length;
      state = length == 0 ? State.DONE : State.LENGTH;
    } else {
      state = State.UNTIL_CLOSE;
    }
  }
}
