package io.livelog.stream.boundary;

import io.livelog.stream.control.Frame;
import io.livelog.stream.control.Payload;
import io.livelog.stream.control.Sink;
import jakarta.servlet.ServletOutputStream;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.CompletionStage;

/**
 * Frames go out through the JAX-RS SSE API: Jersey on Payara, RESTEasy on WildFly. Whether the
 * container can take more without blocking comes from the servlet's {@code isReady()}, which on
 * Payara reports whether Grizzly's write queue for the connection is under its bound; where the
 * container cannot answer outside non-blocking mode (it throws), every write is allowed and a write
 * that blocks is handled by the hub.
 */
final class SseSink implements Sink {

  private final SseEventSink sink;
  private final Sse sse;
  private final ServletOutputStream output;
  private boolean probe;

  SseSink(SseEventSink sink, Sse sse, ServletOutputStream output) {
    this.sink = sink;
    this.sse = sse;
    this.output = output;
    this.probe = output != null;
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
    if (frame.payload() != null) {
      event.mediaType(MediaType.TEXT_PLAIN_TYPE).data(Payload.class, frame.payload());
    } else if (frame.data() != null) {
      event.mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, frame.data());
    }
    return sink.send(event.build());
  }

  @Override
  public boolean writable() {
    if (!probe) {
      return true;
    }
    try {
      return output.isReady();
    } catch (RuntimeException notInNonBlockingMode) {
      probe = false;
      return true;
    }
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
