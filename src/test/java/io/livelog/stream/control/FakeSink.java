package io.livelog.stream.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A non-blocking sink as the container is one: it takes bytes while it is writable, throws when
 * written to while not (the Servlet spec's rule), calls the subscriber back when it becomes
 * writable again, and parses what it took back into SSE messages.
 */
final class FakeSink implements Sink {

  /** One SSE message as a client reads it. */
  record Message(String name, String id, String data, String comment, long retryMillis) {

    String text() {
      return data;
    }
  }

  private final ByteArrayOutputStream wire = new ByteArrayOutputStream();
  final AtomicInteger readyCalls = new AtomicInteger();
  final AtomicInteger writes = new AtomicInteger();
  private volatile boolean writable = true;
  private volatile boolean closed;
  private volatile Subscriber subscriber;

  @Override
  public void open(Subscriber subscriber) {
    this.subscriber = subscriber;
    subscriber.writePossible();
  }

  @Override
  public boolean ready() {
    readyCalls.incrementAndGet();
    return writable;
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    if (closed) {
      throw new IOException("closed");
    }
    if (!writable) {
      throw new IllegalStateException("written while not ready");
    }
    writes.incrementAndGet();
    wire.write(bytes, offset, length);
  }

  @Override
  public void flush() throws IOException {
    if (closed) {
      throw new IOException("closed");
    }
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Makes the sink refuse (false) or take (true) more, as a client that stops or resumes. */
  void writable(boolean now) {
    writable = now;
    if (now && subscriber != null) {
      subscriber.writePossible();
    }
  }

  /** The client goes away: the container reports it. */
  void disconnect() {
    closed = true;
    subscriber.failed();
  }

  /**
   * The client goes away unnoticed, as a container that learns it only when a write fails: every
   * later write throws.
   */
  void goneSilently() {
    closed = true;
  }

  boolean isClosed() {
    return closed;
  }

  synchronized String text() {
    return wire.toString(StandardCharsets.UTF_8);
  }

  synchronized int bytes() {
    return wire.size();
  }

  /** Every complete message taken so far. */
  List<Message> frames() {
    String text = text();
    List<Message> out = new ArrayList<>();
    int from = 0;
    int end;
    while ((end = text.indexOf("\n\n", from)) >= 0) {
      out.add(parse(text.substring(from, end)));
      from = end + 2;
    }
    return out;
  }

  List<Message> frames(String name) {
    return frames().stream().filter(f -> name.equals(f.name())).toList();
  }

  private static Message parse(String block) {
    String name = null;
    String id = null;
    String comment = null;
    StringBuilder data = null;
    long retry = -1;
    for (String line : block.split("\n", -1)) {
      if (line.startsWith(":")) {
        comment = line.substring(1).strip();
      } else if (line.startsWith("event: ")) {
        name = line.substring(7);
      } else if (line.startsWith("id: ")) {
        id = line.substring(4);
      } else if (line.startsWith("retry: ")) {
        retry = Long.parseLong(line.substring(7));
      } else if (line.startsWith("data: ")) {
        data = data == null ? new StringBuilder() : data.append('\n');
        data.append(line.substring(6));
      } else {
        throw new AssertionError("not an SSE line: " + line);
      }
    }
    return new Message(name, id, data == null ? null : data.toString(), comment, retry);
  }

  /** The ids of every event in the {@code logs} frames, in the order written. */
  List<Long> ids() {
    List<Long> ids = new ArrayList<>();
    for (Message frame : frames()) {
      if ("logs".equals(frame.name())) {
        var array =
            jakarta.json.Json.createReader(new java.io.StringReader(frame.data())).readArray();
        for (var value : array) {
          ids.add(Long.parseLong(value.asJsonObject().getString("id")));
        }
        long last = ids.get(ids.size() - 1);
        if (!Long.toString(last).equals(frame.id())) {
          throw new AssertionError("frame id " + frame.id() + " is not its last event's " + last);
        }
      }
    }
    return ids;
  }

  /** The id of the last {@code logs} frame taken, or -1. */
  long lastId() {
    List<Message> logs = frames("logs");
    return logs.isEmpty() ? -1 : Long.parseLong(logs.get(logs.size() - 1).id());
  }
}
