package io.livelog.testsupport;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A stream client on a plain socket, for what an HTTP library hides: a client that never reads, one
 * that vanishes with a TCP RST, exact control of each byte read. It speaks just enough HTTP/1.1
 * (status line, headers, chunked or close-delimited body) and parses the body with {@link
 * WhatwgSseParser}, on the caller's thread.
 */
public final class RawStream implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final List<WhatwgSseParser.Event> events = new ArrayList<>();
  private final List<JsonObject> logs = new ArrayList<>();
  private final java.util.concurrent.atomic.AtomicInteger received =
      new java.util.concurrent.atomic.AtomicInteger();
  private final WhatwgSseParser parser = new WhatwgSseParser(this::onEvent);
  private int status;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private boolean chunked;
  private long chunkLeft = -1;
  private boolean ended;
  private boolean cleanEnd;

  private RawStream(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new java.io.BufferedInputStream(socket.getInputStream(), 65536);
  }

  /** Connects and sends {@code GET} for {@code relative} (e.g. {@code api/stream?level=WARN}). */
  public static RawStream connect(
      URI base, String relative, int receiveBuffer, String... extraHeaders) {
    URI target = base.resolve(relative);
    try {
      Socket socket = new Socket();
      if (receiveBuffer > 0) {
        socket.setReceiveBufferSize(receiveBuffer);
      }
      socket.connect(new InetSocketAddress("127.0.0.1", target.getPort()), 10_000);
      socket.setTcpNoDelay(true);
      StringBuilder request =
          new StringBuilder("GET ")
              .append(target.getRawPath())
              .append(target.getRawQuery() == null ? "" : "?" + target.getRawQuery())
              .append(" HTTP/1.1\r\nHost: 127.0.0.1:")
              .append(target.getPort())
              .append("\r\nAccept: text/event-stream\r\nAuthorization: ")
              .append(Api.admin())
              .append("\r\n");
      for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
        request.append(extraHeaders[i]).append(": ").append(extraHeaders[i + 1]).append("\r\n");
      }
      request.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return new RawStream(socket);
    } catch (IOException e) {
      throw new IllegalStateException("connect " + target, e);
    }
  }

  /** Connects, sends the request and reads the status line and headers. */
  public static RawStream open(URI base, String relative, String... extraHeaders) {
    RawStream stream = connect(base, relative, 0, extraHeaders);
    stream.readHead(Duration.ofSeconds(20));
    return stream;
  }

  public void readHead(Duration timeout) {
    try {
      socket.setSoTimeout((int) timeout.toMillis());
      String statusLine = line();
      status = Integer.parseInt(statusLine.split(" ")[1]);
      for (String header = line(); !header.isEmpty(); header = line()) {
        int colon = header.indexOf(':');
        headers.put(
            header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            header.substring(colon + 1).trim());
      }
      chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        break;
      }
      if (b != '\r') {
        bytes.write(b);
      }
    }
    if (b == -1 && bytes.size() == 0) {
      throw new IOException("connection closed");
    }
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }

  public int status() {
    return status;
  }

  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** Reads the whole body of a non-stream answer (an error with a length or chunks). */
  public String body(Duration timeout) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      socket.setSoTimeout((int) timeout.toMillis());
      String length = header("content-length");
      if (length != null) {
        body.write(in.readNBytes(Integer.parseInt(length)));
      } else if (chunked) {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = readBody(buffer)) > 0) {
          body.write(buffer, 0, n);
        }
      } else {
        body.write(in.readAllBytes());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return body.toString(StandardCharsets.UTF_8);
  }

  /** Reads and parses until {@code done} holds, the stream ends, or the time is up. */
  public boolean readUntil(BooleanSupplier done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] buffer = new byte[16384];
    try {
      while (!done.getAsBoolean()) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0 || ended) {
          return false;
        }
        socket.setSoTimeout((int) Math.max(1, left));
        int n;
        try {
          n = readBody(buffer);
        } catch (SocketTimeoutException timedOut) {
          return done.getAsBoolean();
        }
        if (n <= 0) {
          ended = true;
          return done.getAsBoolean();
        }
        parser.feed(buffer, 0, n);
      }
      return true;
    } catch (IOException e) {
      ended = true;
      return done.getAsBoolean();
    }
  }

  private int readBody(byte[] buffer) throws IOException {
    if (!chunked) {
      return in.read(buffer);
    }
    if (chunkLeft <= 0) {
      if (chunkLeft == 0) {
        line(); // the CRLF after a chunk
      }
      String size = line();
      int semicolon = size.indexOf(';');
      chunkLeft = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (chunkLeft == 0) {
        cleanEnd = true;
        return -1;
      }
    }
    int n = in.read(buffer, 0, (int) Math.min(buffer.length, chunkLeft));
    if (n > 0) {
      chunkLeft -= n;
    }
    return n;
  }

  private void onEvent(WhatwgSseParser.Event event) {
    events.add(event);
    if ("logs".equals(event.type())) {
      for (JsonValue value : Api.array(event.data())) {
        logs.add(value.asJsonObject());
      }
      received.set(logs.size());
    }
  }

  /** Log events parsed so far; safe to read from another thread than the one reading. */
  public int received() {
    return received.get();
  }

  public List<WhatwgSseParser.Event> events() {
    return events;
  }

  public List<WhatwgSseParser.Event> events(String type) {
    return events.stream().filter(e -> e.type().equals(type)).toList();
  }

  /** Every log event received, unpacked from the {@code logs} batches, in order. */
  public List<JsonObject> logs() {
    return logs;
  }

  public List<String> comments() {
    return parser.comments();
  }

  public Long retry() {
    return parser.retry();
  }

  public boolean ended() {
    return ended;
  }

  /** True when the server ended the response properly (the last, empty chunk arrived). */
  public boolean endedCleanly() {
    return cleanEnd;
  }

  /** Vanishes without a FIN: SO_LINGER 0 makes close send a TCP RST. */
  public void reset() {
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException ignored) {
      // gone anyway
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // gone anyway
    }
  }
}
