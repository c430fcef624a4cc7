package io.livelog.testsupport;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate process that holds streams open until it is killed: {@code java -cp test-classes
 * io.livelog.testsupport.StreamHolder <port> <path?query> <authorization> <count>}. It prints
 * {@code ready} once every stream has answered 200, then waits on stdin. Killing it (SIGKILL) lets
 * the kernel drop its connections, as a crashed browser or laptop would. Uses the JDK only.
 */
public final class StreamHolder {

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String path = args[1];
    String authorization = args[2];
    int count = Integer.parseInt(args[3]);
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Socket socket = new Socket("127.0.0.1", port);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1:"
                  + port
                  + "\r\nAccept: text/event-stream\r\nAuthorization: "
                  + authorization
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder status = new StringBuilder();
      int b;
      while ((b = in.read()) != -1 && b != '\n') {
        status.append((char) b);
      }
      if (!status.toString().contains(" 200")) {
        System.out.println("failed " + status);
        System.exit(1);
      }
      sockets.add(socket);
    }
    System.out.println("ready " + sockets.size());
    System.out.flush();
    System.in.read();
  }
}
