package io.livelog.problem.boundary;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Sends a resource's {@link Response} from a servlet filter that called the resource before JAX-RS
 * (ADR 0016), so that one method maps an operation for both doors: status, headers and a {@code
 * String} or {@code byte[]} entity (all that those resources answer with).
 */
public final class ServletAnswer {

  private ServletAnswer() {}

  public static void send(Response answer, HttpServletResponse response) throws IOException {
    Object entity = answer.getEntity();
    byte[] body;
    if (entity == null) {
      body = new byte[0];
    } else if (entity instanceof byte[] bytes) {
      body = bytes;
    } else if (entity instanceof String text) {
      body = text.getBytes(StandardCharsets.UTF_8);
    } else {
      throw new IllegalArgumentException("not a String or byte[] entity: " + entity.getClass());
    }
    response.setStatus(answer.getStatus());
    answer
        .getStringHeaders()
        .forEach(
            (name, values) -> {
              if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
                response.setContentType(values.get(0));
              } else {
                values.forEach(value -> response.addHeader(name, value));
              }
            });
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
