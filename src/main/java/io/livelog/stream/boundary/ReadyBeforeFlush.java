package io.livelog.stream.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * Keeps the flush of an SSE frame from blocking its writer thread (ADR 4). The stream writes a
 * frame only after {@code isReady()} said the container can take more; Jersey then writes the frame
 * in several pieces and flushes, and Grizzly (Payara) treats only the first piece as guaranteed
 * non-blocking, so the flush that pushes a stalled client's queue over its bound would block the
 * thread until the write timeout. Asking {@code isReady()} again right before each flush renews
 * that guarantee (nothing reached the socket queue since the first question), so the frame goes to
 * the queue without blocking and the next frame waits for the client. Every other container simply
 * answers the question.
 */
@WebFilter(urlPatterns = "/api/stream", asyncSupported = true)
public class ReadyBeforeFlush extends HttpFilter {

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(request, new Wrapped(response));
  }

  private static final class Wrapped extends HttpServletResponseWrapper {

    private ServletOutputStream output;

    Wrapped(HttpServletResponse response) {
      super(response);
    }

    @Override
    public synchronized ServletOutputStream getOutputStream() throws IOException {
      if (output == null) {
        output = new Output(super.getOutputStream());
      }
      return output;
    }
  }

  private static final class Output extends ServletOutputStream {

    private final ServletOutputStream delegate;
    private boolean probe = true;

    Output(ServletOutputStream delegate) {
      this.delegate = delegate;
    }

    @Override
    public void write(int b) throws IOException {
      delegate.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      delegate.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      if (probe) {
        try {
          delegate.isReady();
        } catch (RuntimeException notInNonBlockingMode) {
          probe = false;
        }
      }
      delegate.flush();
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      delegate.setWriteListener(listener);
    }
  }
}
