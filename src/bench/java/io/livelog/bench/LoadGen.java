package io.livelog.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * The load generator: one selector thread drives thousands of HTTP/1.1 connections to Livelog over
 * loopback, spread over source addresses 127.0.0.1..n. SSE subscribers ({@code GET /api/stream})
 * parse the event stream and record each event's latency; pollers ({@code GET
 * /api/logs?after=<last>}) ask once per period on a keep-alive connection. Every public method is
 * safe from any thread: it queues a command for the selector thread.
 */
final class LoadGen implements AutoCloseable {

  private static final int MAX_INFLIGHT = Integer.getInteger("bench.connectInflight", 256);
  private static final long HEADER_TIMEOUT =
      TimeUnit.SECONDS.toNanos(Long.getLong("bench.headerTimeout", 60));

  final Recorder latency = new Recorder(3_600_000_000L, 3);
  final Recorder pollLatency = new Recorder(3_600_000_000L, 3);
  final LongAdder deliveries = new LongAdder();
  final LongAdder batches = new LongAdder();
  final LongAdder pings = new LongAdder();
  final LongAdder metrics = new LongAdder();
  final LongAdder sseBytesIn = new LongAdder();
  final LongAdder sseBytesOut = new LongAdder();
  final LongAdder pollBytesIn = new LongAdder();
  final LongAdder pollBytesOut = new LongAdder();
  final LongAdder polls = new LongAdder();
  final LongAdder pollEvents = new LongAdder();
  final LongAdder cut = new LongAdder();
  final LongAdder churned = new LongAdder();
  final LongAdder reconnects = new LongAdder();
  final AtomicInteger sseOpen = new AtomicInteger();
  final AtomicInteger stalledOpen = new AtomicInteger();
  final AtomicInteger pollOpen = new AtomicInteger();
  final AtomicInteger inflight = new AtomicInteger();
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
  volatile long heapUsed;
  volatile long heapUsedMax;

  private final Selector selector;
  private final InetSocketAddress target;
  private final InetAddress[] sources;
  private final String host;
  private final String authorization;
  private final Thread thread;
  private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
  private final byte[] buffer = new byte[256 * 1024];
  private final ByteBuffer readBuffer = ByteBuffer.wrap(buffer);
  private final java.util.Set<Conn> conns = new java.util.HashSet<>();
  private final List<PollConn> pollers = new ArrayList<>();
  private volatile boolean running = true;
  private int sseToOpen;
  private String ssePath = "api/stream";
  private final java.util.ArrayDeque<String> sseEach = new java.util.ArrayDeque<>();
  private int stalledToOpen;
  private int pollLimit = 1000;
  private boolean pollFixed;
  private int churnLeft;
  private int churnConcurrency;
  private int churnActive;
  private long opened;
  private long pollPeriodNanos = TimeUnit.SECONDS.toNanos(1);
  private long nowNanos;
  private long nextTimeouts;
  private long nowMillis;

  LoadGen(int port, String authorization, int sourceAddresses) throws IOException {
    this.target = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
    this.host = "127.0.0.1:" + port;
    this.authorization = authorization;
    this.sources = new InetAddress[Math.max(1, sourceAddresses)];
    for (int i = 0; i < sources.length; i++) {
      sources[i] = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (1 + i)});
    }
    this.selector = Selector.open();
    this.thread = new Thread(this::loop, "bench-selector");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  // ---- commands, from any thread

  void openSse(int n) {
    openSse(n, "api/stream");
  }

  /**
   * Opens {@code n} subscribers on {@code path} (for example {@code api/baseline/stream}); streams
   * still to open from an earlier call take the new path.
   */
  void openSse(int n, String path) {
    command(
        () -> {
          ssePath = path;
          sseToOpen += n;
        });
  }

  /** Opens one subscriber on each of {@code paths} (distinct filters, for example). */
  void openSseEach(List<String> paths) {
    command(() -> sseEach.addAll(paths));
  }

  /**
   * Opens {@code n} stalled subscribers of {@code api/stream}: each reads the response head (and
   * whatever came with it), then never reads again. Socket buffers keep the system's defaults.
   */
  void openStalled(int n) {
    command(() -> stalledToOpen += n);
  }

  void closeStalled() {
    command(
        () -> {
          stalledToOpen = 0;
          for (Conn c : List.copyOf(conns)) {
            if (c instanceof StalledConn) {
              c.close(null);
            }
          }
        });
  }

  void closeSse() {
    command(
        () -> {
          sseToOpen = 0;
          for (Conn c : List.copyOf(conns)) {
            if (c instanceof SseConn) {
              c.close(null);
            }
          }
        });
  }

  void startPolling(int n, long periodMillis, long afterId) {
    startPolling(n, periodMillis, afterId, 1000, false);
  }

  /**
   * Starts {@code n} pollers asking {@code after=afterId&limit=limit} every period; with {@code
   * fixed} they keep asking for that same {@code after} (a poller whose cursor sits inside
   * history), otherwise they move it to the last id they got, as a polling client does.
   */
  void startPolling(int n, long periodMillis, long afterId, int limit, boolean fixed) {
    command(
        () -> {
          pollLimit = limit;
          pollFixed = fixed;
          pollPeriodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
          long now = System.nanoTime();
          for (int i = 0; i < n; i++) {
            PollConn p = new PollConn(afterId);
            // spread the pollers evenly over the period
            p.due = now + ThreadLocalRandom.current().nextLong(pollPeriodNanos);
            if (open(p)) {
              pollers.add(p);
            }
          }
        });
  }

  void stopPolling() {
    command(
        () -> {
          for (PollConn p : List.copyOf(pollers)) {
            p.close(null);
          }
          pollers.clear();
        });
  }

  /** Opens and closes {@code cycles} streams, {@code concurrency} at a time. */
  void churn(int cycles, int concurrency) {
    command(
        () -> {
          churnLeft = cycles;
          churnConcurrency = concurrency;
        });
  }

  Map<String, Long> failures() {
    Map<String, Long> out = new TreeMap<>();
    failures.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  long failureCount() {
    return failures.values().stream().mapToLong(LongAdder::sum).sum();
  }

  void clearFailures() {
    failures.clear();
  }

  private void command(Runnable command) {
    commands.add(command);
    selector.wakeup();
  }

  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- the selector thread

  private void loop() {
    long nextSweep = 0;
    try {
      while (running) {
        Runnable c;
        while ((c = commands.poll()) != null) {
          c.run();
        }
        openPending();
        long now = System.nanoTime();
        if (now >= nextSweep) {
          sweep(now);
          nextSweep = now + TimeUnit.MILLISECONDS.toNanos(5);
        }
        selector.select(
            pollers.isEmpty()
                    && sseToOpen == 0
                    && sseEach.isEmpty()
                    && stalledToOpen == 0
                    && churnLeft == 0
                ? 100
                : 5);
        nowNanos = System.nanoTime();
        nowMillis = System.currentTimeMillis();
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          Conn conn = (Conn) key.attachment();
          try {
            if (!key.isValid()) {
              continue;
            }
            if (key.isConnectable()) {
              conn.connected();
            }
            if (key.isValid() && key.isWritable()) {
              conn.flush();
            }
            if (key.isValid() && key.isReadable()) {
              conn.read();
            }
          } catch (IOException | RuntimeException e) {
            conn.close("io: " + shortMessage(e));
          }
        }
      }
    } catch (IOException e) {
      failure("selector: " + e.getMessage());
    } finally {
      for (Conn conn : List.copyOf(conns)) {
        conn.close(null);
      }
      try {
        selector.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  private static String shortMessage(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : " " + m);
  }

  private void openPending() {
    while (sseToOpen > 0 && inflight.get() < MAX_INFLIGHT) {
      sseToOpen--;
      if (!open(new SseConn(false))) {
        sseToOpen = 0; // the machine refuses more sockets: stop opening
      }
    }
    while (!sseEach.isEmpty() && inflight.get() < MAX_INFLIGHT) {
      if (!open(new SseConn(false, sseEach.poll()))) {
        sseEach.clear();
      }
    }
    while (stalledToOpen > 0 && inflight.get() < MAX_INFLIGHT) {
      stalledToOpen--;
      if (!open(new StalledConn())) {
        stalledToOpen = 0;
      }
    }
    while (churnLeft > 0 && churnActive < churnConcurrency && inflight.get() < MAX_INFLIGHT) {
      churnLeft--;
      churnActive++;
      if (!open(new SseConn(true))) {
        churnActive--;
        churnLeft = 0;
      }
    }
  }

  private boolean open(Conn conn) {
    SocketChannel ch = null;
    try {
      ch = SocketChannel.open();
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.bind(new InetSocketAddress(sources[(int) (opened++ % sources.length)], 0));
      conn.channel = ch;
      conn.deadline = System.nanoTime() + HEADER_TIMEOUT;
      inflight.incrementAndGet();
      conn.awaiting = true;
      conns.add(conn);
      if (ch.connect(target)) {
        conn.key = ch.register(selector, SelectionKey.OP_READ, conn);
        conn.connected();
      } else {
        conn.key = ch.register(selector, SelectionKey.OP_CONNECT, conn);
      }
      return true;
    } catch (IOException | RuntimeException e) {
      if (conn.channel != null) {
        conn.close("open: " + shortMessage(e));
      } else if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // already failing
        }
        failure("open: " + shortMessage(e));
      } else {
        failure("open: " + shortMessage(e));
      }
      return false;
    }
  }

  private void sweep(long now) {
    for (PollConn p : pollers) {
      if (p.ready && !p.waiting && now >= p.due) {
        p.due += pollPeriodNanos;
        if (p.due < now) {
          p.due = now + pollPeriodNanos;
        }
        p.ask();
      }
    }
    if (inflight.get() > 0 && now >= nextTimeouts) {
      nextTimeouts = now + TimeUnit.MILLISECONDS.toNanos(500);
      for (Conn c : List.copyOf(conns)) {
        if (c.awaiting && now > c.deadline) {
          c.close("timeout waiting for response headers");
        }
      }
    }
  }

  private void failure(String reason) {
    failures.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  private abstract class Conn {
    SocketChannel channel;
    SelectionKey key;
    long deadline;
    boolean awaiting;
    ByteBuffer out;
    HttpIn in;
    boolean closed;
    boolean paused; // reads no more (a stalled client)

    abstract byte[] request();

    abstract void bytesIn(int n);

    abstract void bytesOut(int n);

    void connected() throws IOException {
      if (channel.isConnectionPending()) {
        channel.finishConnect();
      }
      key.interestOps(SelectionKey.OP_READ);
      send(request());
    }

    void send(byte[] bytes) throws IOException {
      bytesOut(bytes.length);
      out = ByteBuffer.wrap(bytes);
      flush();
    }

    void flush() throws IOException {
      channel.write(out);
      key.interestOps(
          out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    void read() throws IOException {
      for (int round = 0; round < 8; round++) {
        readBuffer.clear();
        int n = channel.read(readBuffer);
        if (n < 0) {
          ended();
          return;
        }
        if (n == 0) {
          return;
        }
        bytesIn(n);
        // the receipt time of these very bytes: a pass over many keys can take a while
        nowNanos = System.nanoTime();
        nowMillis = System.currentTimeMillis();
        received(buffer, n);
        if (closed || paused) {
          return;
        }
      }
    }

    abstract void received(byte[] b, int n);

    void ended() {
      close("closed by server");
    }

    void headers() {
      if (awaiting) {
        awaiting = false;
        inflightDone();
      }
    }

    void inflightDone() {
      LoadGen.this.inflight.decrementAndGet();
    }

    void close(String reason) {
      if (closed) {
        return;
      }
      closed = true;
      if (awaiting) {
        awaiting = false;
        inflightDone();
      }
      if (reason != null) {
        failure(reason);
      }
      conns.remove(this);
      try {
        channel.close();
      } catch (IOException ignored) {
        // gone
      }
    }
  }

  private String get(String pathAndQuery, String accept) {
    return "GET /livelog/"
        + pathAndQuery
        + " HTTP/1.1\r\nHost: "
        + host
        + "\r\nAuthorization: "
        + authorization
        + "\r\nAccept: "
        + accept
        + "\r\n\r\n";
  }

  private final class SseConn extends Conn implements SseParser.Listener {
    private final boolean churn;
    private final String path;
    private final SseParser parser;
    private boolean streaming;

    SseConn(boolean churn) {
      this(churn, churn ? "api/stream" : ssePath);
    }

    SseConn(boolean churn, String path) {
      this.churn = churn;
      this.path = path;
      this.parser = new SseParser(this, new EventScanner(latency));
      this.in = new HttpIn(parser);
    }

    @Override
    byte[] request() {
      return get(path, "text/event-stream").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    void bytesIn(int n) {
      sseBytesIn.add(n);
    }

    @Override
    void bytesOut(int n) {
      sseBytesOut.add(n);
    }

    @Override
    void received(byte[] b, int n) {
      parser.scanner.nowNanos = nowNanos;
      parser.scanner.nowMillis = nowMillis;
      boolean before = in.headersDone();
      int used = in.feed(b, 0, n);
      if (!before && in.headersDone()) {
        headers();
        if (in.status != 200) {
          close("status " + in.status);
          return;
        }
        streaming = true;
        if (!churn) {
          sseOpen.incrementAndGet();
        }
        if (used < n && !closed) {
          in.feed(b, used, n - used);
        }
      }
      if (in.done() && !closed) {
        ended(); // the server ended the response (the last chunk): the stream is over
      }
    }

    @Override
    public void logs(long events) {
      if (closed) {
        return;
      }
      deliveries.add(events);
      batches.increment();
    }

    @Override
    public void event(String type, byte[] data, int length) {
      if (closed) {
        return; // the rest of a read after this connection closed itself
      }
      if (churn) {
        close(null);
        churned.increment();
        return;
      }
      if ("metric".equals(type)) {
        metrics.increment();
        String json = new String(data, 0, length, StandardCharsets.UTF_8);
        int at = json.indexOf("\"heapUsed\":");
        if (at >= 0) {
          int from = at + 11;
          int to = from;
          while (to < json.length() && Character.isDigit(json.charAt(to))) {
            to++;
          }
          long used = Long.parseLong(json.substring(from, to));
          heapUsed = used;
          heapUsedMax = Math.max(heapUsedMax, used);
        }
      }
    }

    @Override
    public void comment() {
      pings.increment();
    }

    @Override
    void ended() {
      if (streaming && !churn) {
        cut.increment();
      }
      close(churn ? "churn: closed by server" : streaming ? null : "closed by server");
    }

    @Override
    void close(String reason) {
      if (closed) {
        return;
      }
      if (streaming && !churn) {
        sseOpen.decrementAndGet();
      }
      super.close(reason);
      if (churn) {
        churnActive--;
      }
    }
  }

  /** Reads the response head, then stops reading for good: a client that has stalled. */
  private final class StalledConn extends Conn implements HttpIn.Body {
    private boolean counted;

    StalledConn() {
      this.in = new HttpIn(this);
    }

    @Override
    byte[] request() {
      return get("api/stream", "text/event-stream").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    void bytesIn(int n) {
      // not part of the healthy subscribers' traffic
    }

    @Override
    void bytesOut(int n) {
      // idem
    }

    @Override
    void received(byte[] b, int n) {
      in.feed(b, 0, n);
      if (in.headersDone() && !counted) {
        headers();
        if (in.status != 200) {
          close("stalled: status " + in.status);
          return;
        }
        counted = true;
        paused = true;
        stalledOpen.incrementAndGet();
        key.interestOps(0); // never read again
      }
    }

    @Override
    public void bytes(byte[] b, int off, int len) {
      // the body is never looked at
    }

    @Override
    void close(String reason) {
      if (!closed && counted) {
        stalledOpen.decrementAndGet();
      }
      super.close(reason);
    }
  }

  private final class PollConn extends Conn implements HttpIn.Body {
    private final EventScanner scanner = new EventScanner(pollLatency);
    long after;
    long due;
    boolean ready;
    boolean waiting;

    PollConn(long after) {
      this.after = after;
      this.in = new HttpIn(this);
    }

    @Override
    byte[] request() {
      return null;
    }

    @Override
    void connected() throws IOException {
      if (channel.isConnectionPending()) {
        channel.finishConnect();
      }
      key.interestOps(SelectionKey.OP_READ);
      ready = true;
      headers();
      pollOpen.incrementAndGet();
    }

    void ask() {
      try {
        waiting = true;
        in.reset();
        send(
            get("api/logs?after=" + after + "&limit=" + pollLimit, "application/json")
                .getBytes(StandardCharsets.ISO_8859_1));
      } catch (IOException e) {
        close("io: " + shortMessage(e));
      }
    }

    @Override
    void bytesIn(int n) {
      pollBytesIn.add(n);
    }

    @Override
    void bytesOut(int n) {
      pollBytesOut.add(n);
    }

    @Override
    void received(byte[] b, int n) {
      scanner.nowNanos = nowNanos;
      scanner.nowMillis = nowMillis;
      in.feed(b, 0, n);
      if (in.done()) {
        waiting = false;
        polls.increment();
        if (in.status != 200) {
          failure("poll status " + in.status);
        }
        pollEvents.add(scanner.take());
        if (!pollFixed && scanner.lastId > after) {
          after = scanner.lastId;
        }
        if (in.close) {
          // the server ends keep-alive after so many requests: a polling client reconnects
          close(null);
          reconnects.increment();
          PollConn next = new PollConn(after);
          next.due = due;
          pollers.remove(this);
          if (open(next)) {
            pollers.add(next);
          }
        }
      }
    }

    @Override
    public void bytes(byte[] b, int off, int len) {
      scanner.feed(b, off, len);
    }

    @Override
    void close(String reason) {
      if (!closed && ready) {
        pollOpen.decrementAndGet();
      }
      super.close(reason);
    }
  }
}
