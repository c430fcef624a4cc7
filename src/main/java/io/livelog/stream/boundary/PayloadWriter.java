package io.livelog.stream.boundary;

import io.livelog.stream.control.Payload;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Writes a {@code logs} frame's data, the chunks that many subscribers share, straight to the event
 * stream in bulk: no copy into one array per subscriber.
 */
@Provider
@Produces(MediaType.TEXT_PLAIN)
public class PayloadWriter implements MessageBodyWriter<Payload> {

  @Override
  public boolean isWriteable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return Payload.class.isAssignableFrom(type);
  }

  @Override
  public long getSize(
      Payload payload,
      Class<?> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType) {
    return payload.length();
  }

  @Override
  public void writeTo(
      Payload payload,
      Class<?> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, Object> headers,
      OutputStream out)
      throws IOException {
    payload.writeTo(out);
  }
}
