package io.livelog.stream.boundary;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * The stream's response headers: UTF-8 named in the content type, no caching, and no proxy
 * buffering (nginx honours {@code X-Accel-Buffering}). No {@code Connection} header: HTTP/2 forbids
 * it and HTTP/1.1 keeps alive by default.
 */
@Provider
public class StreamHeaders implements ContainerResponseFilter {

  static final MediaType EVENT_STREAM_UTF8 = MediaType.SERVER_SENT_EVENTS_TYPE.withCharset("UTF-8");

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    MediaType type = response.getMediaType();
    if (type != null && type.isCompatible(MediaType.SERVER_SENT_EVENTS_TYPE)) {
      response.getHeaders().putSingle("Content-Type", EVENT_STREAM_UTF8);
      response.getHeaders().putSingle("Cache-Control", "no-cache");
      response.getHeaders().putSingle("X-Accel-Buffering", "no");
    }
  }
}
