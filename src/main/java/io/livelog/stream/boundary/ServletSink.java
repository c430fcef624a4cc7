package io.livelog.stream.boundary;

import io.livelog.stream.control.Sink;
import io.livelog.stream.control.Subscriber;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A stream's response in Servlet non-blocking mode (ADR 0017): the container says when it can take
 * more ({@code isReady()}, then {@code onWritePossible}), so no thread ever waits for a client that
 * stopped reading, and what the container buffers for one client stays within one write.
 */
final class ServletSink implements Sink, WriteListener, AsyncListener {

  private final HttpServletRequest request;
  private final HttpServletResponse response;
  private volatile Subscriber subscriber;
  private AsyncContext async;
  private ServletOutputStream output;

  ServletSink(HttpServletRequest request, HttpServletResponse response) {
    this.request = request;
    this.response = response;
  }

  /** Starts the async response in non-blocking mode; on the request's thread, after admission. */
  @Override
  public void open(Subscriber subscriber) {
    this.subscriber = subscriber;
    // the contract's headers: UTF-8 named, no caching, no proxy buffering (nginx honours
    // X-Accel-Buffering); no Connection header, which HTTP/2 forbids
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("text/event-stream;charset=UTF-8");
    response.setHeader("Cache-Control", "no-cache");
    response.setHeader("X-Accel-Buffering", "no");
    try {
      async = request.startAsync();
      async.setTimeout(0);
      async.addListener(this);
      output = response.getOutputStream();
      output.setWriteListener(this);
    } catch (IOException | RuntimeException e) {
      subscriber.failed();
      if (async != null) {
        close();
      }
    }
  }

  @Override
  public boolean ready() {
    return output.isReady();
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    output.write(bytes, offset, length);
  }

  @Override
  public void flush() throws IOException {
    output.flush();
  }

  @Override
  public void close() {
    try {
      async.complete();
    } catch (IllegalStateException alreadyCompleted) {
      // the container ended the response first (the client went away)
    }
  }

  @Override
  public void onWritePossible() {
    subscriber.writePossible();
  }

  @Override
  public void onError(Throwable failure) {
    subscriber.failed();
  }

  @Override
  public void onComplete(AsyncEvent event) {
    subscriber.failed();
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    subscriber.failed();
  }

  @Override
  public void onError(AsyncEvent event) {
    subscriber.failed();
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // not restarted
  }
}
