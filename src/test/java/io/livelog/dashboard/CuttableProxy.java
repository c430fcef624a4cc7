package io.livelog.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on 127.0.0.1 between the browser and Payara Micro that a test can cut: {@link
 * #down()} closes every open connection (streams included) and answers new requests with 503, as a
 * reverse proxy does while the server behind it restarts; {@link #up()} relays again; {@link
 * #stall()} keeps the open connections open but silently drops what the server sends on them, as a
 * dead middlebox does (new connections work); {@link #quiet(boolean)} makes a healthy stream look
 * like one whose server samples health rarely: the stream's opening event announces a 9 s health
 * period instead of 2 s, and metric events are renamed so the page never sees them (both rewrites
 * keep every byte count, so HTTP chunk framing stays valid).
 */
final class CuttableProxy implements AutoCloseable {

  private static final byte[] UNAVAILABLE =
      ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n"
              + "Connection: close\r\n\r\nrestarting\n")
          .getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket server;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Set<Socket> stalled = ConcurrentHashMap.newKeySet();
  private volatile boolean down;
  private volatile boolean quiet;

  private static final byte[][][] QUIET_REWRITES = {
    {ascii("event: metric"), ascii("event: metrix")},
    {ascii("\"healthMillis\":2000"), ascii("\"healthMillis\":9000")},
  };

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  CuttableProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon(this::acceptLoop, "proxy-accept");
  }

  int port() {
    return server.getLocalPort();
  }

  /** Cuts every connection and refuses new requests with 503 until {@link #up()}. */
  void down() {
    down = true;
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    open.clear();
  }

  void up() {
    down = false;
  }

  /** While on, rewrites what the server sends so that the stream looks quiet (see above). */
  void quiet(boolean on) {
    quiet = on;
  }

  /** From now on, drops whatever the server sends on the connections open now. */
  void stall() {
    stalled.addAll(open);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (down) {
          daemon(() -> refuse(client), "proxy-refuse");
        } else {
          Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
          open.add(client);
          open.add(upstream);
          daemon(() -> pump(client, upstream, false), "proxy-up");
          daemon(() -> pump(upstream, client, true), "proxy-down");
        }
      } catch (IOException e) {
        // closed, or the server is not there: the client sees its connection fail
      }
    }
  }

  private void pump(Socket from, Socket to, boolean fromServer) {
    byte[] buffer = new byte[65536];
    byte[] pending = new byte[0]; // a tail that may be the start of a pattern to rewrite
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        if (stalled.contains(from)) {
          continue;
        }
        if (fromServer && (quiet || pending.length > 0)) {
          byte[] data = new byte[pending.length + n];
          System.arraycopy(pending, 0, data, 0, pending.length);
          System.arraycopy(buffer, 0, data, pending.length, n);
          int keep = quiet ? rewrite(data) : 0;
          out.write(data, 0, data.length - keep);
          pending = java.util.Arrays.copyOfRange(data, data.length - keep, data.length);
        } else {
          out.write(buffer, 0, n);
        }
        out.flush();
      }
    } catch (IOException e) {
      // one side went away
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
      stalled.remove(from);
      stalled.remove(to);
    }
  }

  /**
   * Rewrites every whole pattern in place; answers how many bytes at the end might begin a pattern
   * (held back until more data comes).
   */
  static int rewrite(byte[] data) {
    int keep = 0;
    for (byte[][] rule : QUIET_REWRITES) {
      byte[] from = rule[0];
      for (int i = 0; i + from.length <= data.length; i++) {
        if (java.util.Arrays.equals(data, i, i + from.length, from, 0, from.length)) {
          System.arraycopy(rule[1], 0, data, i, from.length);
        }
      }
      for (int k = Math.min(from.length - 1, data.length); k > keep; k--) {
        if (java.util.Arrays.equals(data, data.length - k, data.length, from, 0, k)) {
          keep = k;
          break;
        }
      }
    }
    return keep;
  }

  private static void refuse(Socket client) {
    try (client) {
      client.setSoTimeout(2000);
      InputStream in = client.getInputStream();
      int matched = 0;
      byte[] end = {'\r', '\n', '\r', '\n'};
      int b;
      while (matched < 4 && (b = in.read()) != -1) {
        matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      client.getOutputStream().write(UNAVAILABLE);
      client.getOutputStream().flush();
    } catch (SocketTimeoutException e) {
      // a connection that sent nothing
    } catch (IOException e) {
      // gone
    }
  }

  private static void daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    down();
    server.close();
  }
}
