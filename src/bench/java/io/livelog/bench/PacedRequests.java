package io.livelog.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.HdrHistogram.Recorder;

/**
 * An open-loop HTTP/1.1 load on raw keep-alive sockets to 127.0.0.1 (so that the load generator
 * takes little of the two cores it shares with the server): requests are due at a fixed rate; a due
 * request goes to an idle connection (at most {@code connections}), and when none is idle it is not
 * sent and counted. Answer times from send to the end of the answer, in an HdrHistogram. Bounded by
 * the rate times the seconds, and each answer by 30 s.
 */
final class PacedRequests implements AutoCloseable {

  private static final byte[] STOP = new byte[0];

  private final int port;

  PacedRequests(int port) {
    this.port = port;
  }

  /** What one run did. */
  record Outcome(
      long sent, long answered, long notSent, Map<Integer, Long> codes, Recorder latency) {}

  /** An HTTP/1.1 request's bytes: method, path (from the host's root), headers, body or null. */
  static byte[] request(String method, String path, String body, String... headers) {
    StringBuilder head =
        new StringBuilder(256)
            .append(method)
            .append(' ')
            .append(path)
            .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      if (headers[i + 1] != null) {
        head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
      }
    }
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      head.append("Content-Length: ").append(content.length).append("\r\n");
    }
    byte[] start = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[start.length + content.length];
    System.arraycopy(start, 0, all, 0, start.length);
    System.arraycopy(content, 0, all, start.length, content.length);
    return all;
  }

  /**
   * Sends {@code rate} requests a second for {@code seconds}, each made by {@code request} just
   * before it is sent, on at most {@code connections} connections.
   */
  Outcome run(double rate, double seconds, int connections, Supplier<byte[]> request)
      throws InterruptedException {
    Recorder latency = new Recorder(3);
    LongAdder answered = new LongAdder();
    LongAdder sent = new LongAdder();
    Map<Integer, Long> codes = new ConcurrentHashMap<>();
    LinkedTransferQueue<byte[]> due = new LinkedTransferQueue<>();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Thread worker =
          new Thread(
              () -> work(due, request, latency, answered, sent, codes), "bench-request-" + i);
      worker.setDaemon(true);
      worker.start();
      workers.add(worker);
    }
    long total = Math.round(rate * seconds);
    long interval = (long) (1_000_000_000L / rate);
    long start = System.nanoTime();
    long notSent = 0;
    byte[] go = new byte[1];
    for (long i = 0; i < total; i++) {
      long wait = start + i * interval - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      if (!due.tryTransfer(go)) {
        notSent++;
      }
    }
    for (int i = 0; i < connections; i++) {
      due.put(STOP);
    }
    for (Thread worker : workers) {
      worker.join(TimeUnit.SECONDS.toMillis(35));
    }
    return new Outcome(sent.sum(), answered.sum(), notSent, Map.copyOf(codes), latency);
  }

  private void work(
      LinkedTransferQueue<byte[]> due,
      Supplier<byte[]> request,
      Recorder latency,
      LongAdder answered,
      LongAdder sent,
      Map<Integer, Long> codes) {
    Socket socket = null;
    byte[] buffer = new byte[16384];
    HttpIn in = new HttpIn((b, off, len) -> {});
    try {
      while (true) {
        if (due.take() == STOP) {
          return;
        }
        byte[] bytes = request.get();
        long t0 = System.nanoTime();
        sent.increment();
        int code;
        try {
          if (socket == null || socket.isClosed()) {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
          }
          OutputStream out = socket.getOutputStream();
          out.write(bytes);
          out.flush();
          InputStream input = socket.getInputStream();
          in.reset();
          while (!in.done()) {
            int n = input.read(buffer);
            if (n < 0) {
              throw new IOException("closed before the answer ended");
            }
            in.feed(buffer, 0, n);
          }
          code = in.status;
          latency.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
          answered.increment();
          if (in.close) {
            socket.close();
          }
        } catch (IOException e) {
          code = -1;
          close(socket);
          socket = null;
        }
        codes.merge(code, 1L, Long::sum);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      close(socket);
    }
  }

  private static void close(Socket socket) {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    // connections live only as long as a run
  }
}
