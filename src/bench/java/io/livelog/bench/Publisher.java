package io.livelog.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;

/**
 * Publishes at a target rate by {@code POST /api/logs} on one keep-alive connection: every tick (10
 * ms) it sends the events that are due as one JSON array, each stamped at send time with {@code ts}
 * (epoch ms) and {@code bt} ({@code System.nanoTime()}, for sub-millisecond latency). Bounded by
 * its duration; stops by itself.
 */
final class Publisher implements AutoCloseable {

  private static final long TICK = TimeUnit.MILLISECONDS.toNanos(10);
  private static final int MAX_BATCH = Integer.getInteger("bench.publishBatch", 2500);

  final LongAdder sent = new LongAdder();
  final LongAdder refused = new LongAdder();
  final LongAdder posts = new LongAdder();
  final LongAdder reconnects = new LongAdder();
  final LongAdder bytesOut = new LongAdder();

  /** Each post's answer time (sent to answered), in microseconds. */
  final Recorder answers = new Recorder(3_600_000_000L, 3);

  private final int port;
  private final String token;
  private final double rate;
  private final long durationNanos;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile String error;
  private final int warnEvery;
  private final boolean ndjson;
  private final int needles;
  private final String filler;
  private long seq;

  Publisher(int port, String token, double eventsPerSecond, long durationMillis) {
    this(port, token, eventsPerSecond, durationMillis, 0, false);
  }

  /**
   * As above; every {@code warnEvery}-th event (0: none) is a WARN, and with {@code ndjson} the
   * events go as NDJSON ({@code application/x-ndjson}) instead of a JSON array.
   */
  Publisher(
      int port,
      String token,
      double eventsPerSecond,
      long durationMillis,
      int warnEvery,
      boolean ndjson) {
    this(port, token, eventsPerSecond, durationMillis, warnEvery, ndjson, 0, 0);
  }

  /**
   * As above; with {@code needles} above 0 each message also names one of that many needles ({@code
   * needle-<seq % needles>-}, for text filters) and is padded to about {@code messageBytes}.
   */
  Publisher(
      int port,
      String token,
      double eventsPerSecond,
      long durationMillis,
      int warnEvery,
      boolean ndjson,
      int needles,
      int messageBytes) {
    this.needles = needles;
    this.filler = " " + "f".repeat(Math.max(0, messageBytes - 40));
    this.warnEvery = warnEvery;
    this.ndjson = ndjson;
    this.port = port;
    this.token = token;
    this.rate = eventsPerSecond;
    this.durationNanos = TimeUnit.MILLISECONDS.toNanos(durationMillis);
    this.thread = new Thread(this::run, "bench-publisher");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  String error() {
    return error;
  }

  private Socket socket;

  private void connect() throws IOException {
    if (socket != null) {
      socket.close();
    }
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(30_000);
  }

  private void run() {
    try {
      connect();
      long start = System.nanoTime();
      long end = start + durationNanos;
      long next = start;
      long published = 0;
      byte[] buffer = new byte[8192];
      while (running && System.nanoTime() < end) {
        long now = System.nanoTime();
        long due = (long) ((now - start) / 1e9 * rate) - published;
        if (due <= 0) {
          next += TICK;
          LockSupport.parkNanos(Math.max(0, Math.min(next, end) - System.nanoTime()));
          continue;
        }
        // large events: a post stays below the ingest's 1 MiB limit
        int max = needles > 0 ? Math.max(1, 900_000 / (filler.length() + 150)) : MAX_BATCH;
        int n = (int) Math.min(due, max);
        long first = seq;
        if (!post(socket.getOutputStream(), socket.getInputStream(), buffer, n)) {
          // the server ended the keep-alive connection (its limit of requests per connection)
          // before answering: the same events again on a new connection, once
          reconnects.increment();
          connect();
          seq = first;
          if (!post(socket.getOutputStream(), socket.getInputStream(), buffer, n)) {
            throw new IOException("the server closed a new ingest connection unanswered");
          }
        }
        published += n;
        next = System.nanoTime();
      }
    } catch (IOException | RuntimeException e) {
      error = e.toString();
    } finally {
      try {
        if (socket != null) {
          socket.close();
        }
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  /** False when the connection was closed before any byte of an answer. */
  private boolean post(OutputStream out, InputStream in, byte[] buffer, int n) throws IOException {
    StringBuilder body =
        new StringBuilder(n * (needles > 0 ? filler.length() + 120 : 96) + 2)
            .append(ndjson ? "" : "[");
    long ts = System.currentTimeMillis();
    long bt = System.nanoTime();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        body.append(ndjson ? '\n' : ',');
      }
      boolean warn = warnEvery > 0 && seq % warnEvery == 0;
      body.append("{\"message\":\"bench ").append(seq);
      if (needles > 0) {
        body.append(" needle-").append(seq % needles).append('-').append(filler);
      }
      seq++;
      body.append(warn ? "\",\"level\":\"WARN" : "\",\"level\":\"INFO")
          .append("\",\"logger\":\"bench\",\"ts\":")
          .append(ts)
          .append(",\"bt\":")
          .append(bt)
          .append('}');
    }
    byte[] bytes = body.append(ndjson ? "\n" : "]").toString().getBytes(StandardCharsets.UTF_8);
    String head =
        "POST /livelog/api/logs HTTP/1.1\r\nHost: 127.0.0.1:"
            + port
            + "\r\nAuthorization: Bearer "
            + token
            + (ndjson
                ? "\r\nContent-Type: application/x-ndjson"
                : "\r\nContent-Type: application/json")
            + "\r\nContent-Length: "
            + bytes.length
            + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
    long sentAt = System.nanoTime();
    try {
      out.write(headBytes);
      out.write(bytes);
      out.flush();
    } catch (java.net.SocketException closed) {
      return false;
    }
    bytesOut.add(headBytes.length + bytes.length);
    HttpIn response = new HttpIn((b, off, len) -> {});
    boolean answered = false;
    while (!response.done()) {
      int r;
      try {
        r = in.read(buffer);
      } catch (java.net.SocketException closed) {
        r = -1;
      }
      if (r < 0) {
        if (!answered) {
          return false;
        }
        throw new IOException("the server closed the ingest connection mid-answer");
      }
      answered = true;
      response.feed(buffer, 0, r);
    }
    answers.recordValue(Math.max(0, (System.nanoTime() - sentAt) / 1000));
    posts.increment();
    if (response.status == 202) {
      sent.add(n);
    } else {
      refused.add(n);
    }
    return true;
  }

  void await() throws InterruptedException {
    thread.join(durationNanos / 1_000_000 + 60_000);
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
