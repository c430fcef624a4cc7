package io.livelog.stream.boundary;

import io.livelog.stream.control.Frame;
import io.livelog.stream.control.Sink;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.CompletionStage;

/** Frames go out through the JAX-RS SSE API: Jersey on Payara, RESTEasy on WildFly. */
final class SseSink implements Sink {

  private final SseEventSink sink;
  private final Sse sse;

  SseSink(SseEventSink sink, Sse sse) {
    this.sink = sink;
    this.sse = sse;
  }

  @Override
  public CompletionStage<?> send(Frame frame) {
    OutboundSseEvent.Builder event = sse.newEventBuilder();
    if (frame.comment() != null) {
      event.comment(frame.comment());
    }
    if (frame.name() != null) {
      event.name(frame.name());
    }
    if (frame.id() != null) {
      event.id(frame.id());
    }
    if (frame.retryMillis() >= 0) {
      event.reconnectDelay(frame.retryMillis());
    }
    if (frame.utf8() != null) {
      event.mediaType(MediaType.TEXT_PLAIN_TYPE).data(byte[].class, frame.utf8());
    } else if (frame.data() != null) {
      event.mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, frame.data());
    }
    return sink.send(event.build());
  }

  @Override
  public boolean isClosed() {
    return sink.isClosed();
  }

  @Override
  public void close() {
    sink.close();
  }
}
