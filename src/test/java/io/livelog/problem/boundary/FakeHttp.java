package io.livelog.problem.boundary;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A servlet request and response without a container, for the filters that answer before JAX-RS:
 * the request has a method, roles, query parameters, a content type and a body; the response
 * records status, content type, headers and body.
 */
public final class FakeHttp {

  private FakeHttp() {}

  /** A request; {@code parameters} may repeat a name by listing several values. */
  public static HttpServletRequest request(
      String method,
      Set<String> roles,
      Map<String, List<String>> parameters,
      String contentType,
      String body) {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            FakeHttp.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, m, args) ->
                switch (m.getName()) {
                  case "getMethod" -> method;
                  case "isUserInRole" -> roles.contains((String) args[0]);
                  case "getParameter" -> {
                    List<String> values = parameters.get((String) args[0]);
                    yield values == null ? null : values.get(0);
                  }
                  case "getParameterValues" -> {
                    List<String> values = parameters.get((String) args[0]);
                    yield values == null ? null : values.toArray(String[]::new);
                  }
                  case "getContentType" -> contentType;
                  case "getContentLengthLong" -> (long) bytes.length;
                  case "getInputStream" ->
                      new ServletInputStream() {
                        @Override
                        public int read() {
                          return in.read();
                        }

                        @Override
                        public boolean isFinished() {
                          return in.available() == 0;
                        }

                        @Override
                        public boolean isReady() {
                          return true;
                        }

                        @Override
                        public void setReadListener(ReadListener listener) {}
                      };
                  default -> throw new AssertionError("not expected: " + m.getName());
                });
  }

  /** What a filter answered. */
  public static final class Answer {
    public int status;
    public String contentType;
    public final Map<String, String> headers = new LinkedHashMap<>();
    public final ByteArrayOutputStream body = new ByteArrayOutputStream();

    public String text() {
      return body.toString(StandardCharsets.UTF_8);
    }

    public HttpServletResponse response() {
      PrintWriter writer =
          new PrintWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8), true);
      return (HttpServletResponse)
          Proxy.newProxyInstance(
              FakeHttp.class.getClassLoader(),
              new Class<?>[] {HttpServletResponse.class},
              (proxy, m, args) -> {
                switch (m.getName()) {
                  case "isCommitted" -> {
                    return false;
                  }
                  case "setStatus" -> status = (Integer) args[0];
                  case "setContentType" -> contentType = (String) args[0];
                  case "setHeader", "addHeader" -> headers.put((String) args[0], (String) args[1]);
                  case "getWriter" -> {
                    return writer;
                  }
                  case "flushBuffer" -> writer.flush();
                  case "getOutputStream" -> {
                    return new ServletOutputStream() {
                      @Override
                      public void write(int b) {
                        body.write(b);
                      }

                      @Override
                      public boolean isReady() {
                        return true;
                      }

                      @Override
                      public void setWriteListener(WriteListener listener) {}
                    };
                  }
                  case "resetBuffer", "setCharacterEncoding", "setContentLength" -> {
                    // nothing to record
                  }
                  default -> throw new AssertionError("not expected: " + m.getName());
                }
                return null;
              });
    }
  }
}
