package io.livelog.problem.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A resource's answer sent by a servlet filter as JAX-RS would have sent it. */
class ServletAnswerTest {

  int status;
  String contentType;
  long length = -1;
  final List<String> headers = new ArrayList<>();
  final ByteArrayOutputStream body = new ByteArrayOutputStream();

  final HttpServletResponse response =
      (HttpServletResponse)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {HttpServletResponse.class},
              (proxy, method, args) -> {
                switch (method.getName()) {
                  case "setStatus" -> status = (Integer) args[0];
                  case "setContentType" -> contentType = (String) args[0];
                  case "setContentLength" -> length = (Integer) args[0];
                  case "addHeader" -> headers.add(args[0] + ": " + args[1]);
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
                  default -> throw new AssertionError("not expected: " + method.getName());
                }
                return null;
              });

  @Test
  void statusTypeHeadersAndTheUtf8BodyGoOut() throws IOException {
    ServletAnswer.send(
        Response.ok("[\"é\"]", MediaType.APPLICATION_JSON_TYPE)
            .header("Livelog-Scanned-To", "42")
            .build(),
        response);
    assertThat(status).isEqualTo(200);
    assertThat(contentType).isEqualTo("application/json");
    assertThat(headers).containsExactly("Livelog-Scanned-To: 42");
    assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo("[\"é\"]");
    assertThat(length).as("bytes, not characters").isEqualTo(body.size()).isEqualTo(6);
  }

  @Test
  void aProblemKeepsItsTypeAndRetryAfter() throws IOException {
    ServletAnswer.send(Problem.unavailable(5, "the ingest queue is full"), response);
    assertThat(status).isEqualTo(503);
    assertThat(contentType).isEqualTo("application/problem+json");
    assertThat(headers).containsExactly("Retry-After: 5");
    assertThat(body.toString(StandardCharsets.UTF_8)).contains("\"status\":503");
  }
}
