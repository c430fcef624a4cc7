package io.livelog.events.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/** The test class path has the OpenTelemetry API (the SDK's); the WAR does not. */
class TraceContextTest {

  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String SPAN = "00f067aa0ba902b7";

  @Test
  @SuppressWarnings("try") // the scope is unused on purpose: it makes the span current
  void insideASpanEventsTakeItsIdsOutsideNone() {
    LogEvent event = LogEvent.of(Level.INFO, "l", "m");
    assertThat(TraceContext.current()).isNull();
    Span span =
        Span.wrap(
            SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault()));
    try (Scope scope = span.makeCurrent()) {
      assertThat(TraceContext.current()).isEqualTo(new TraceContext.Ids(TRACE, SPAN));
      LogEvent stamped = TraceContext.stamp(event);
      assertThat(stamped.traceId()).isEqualTo(TRACE);
      assertThat(stamped.spanId()).isEqualTo(SPAN);
      assertThat(TraceContext.stamp(event.withTrace("a", "b")).traceId()).isEqualTo("a");
    }
    assertThat(TraceContext.stamp(event).traceId()).isNull();
  }

  @Test
  @SuppressWarnings("try") // the scope is unused on purpose: it makes the span current
  void withoutTheApiThereIsNoTraceAndNoError() {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(new URLClassLoader(new URL[0], null));
    Span span =
        Span.wrap(
            SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault()));
    try (Scope scope = span.makeCurrent()) {
      assertThat(TraceContext.current()).isNull();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
