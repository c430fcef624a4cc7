package io.livelog.events.control;

import io.livelog.events.entity.LogEvent;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The W3C trace context of the calling thread, from OpenTelemetry's {@code Span.current()} when the
 * OpenTelemetry API is visible to the thread's context class loader (Payara's MicroProfile
 * Telemetry, WildFly's {@code opentelemetry} subsystem, or an application's own copy). Livelog has
 * no dependency on it: the API is found by reflection, per class loader, and without it every call
 * answers null at the cost of a map lookup.
 */
public final class TraceContext {

  /** A trace and span id, lower-case hex. */
  public record Ids(String traceId, String spanId) {}

  private static final String SPAN = "io.opentelemetry.api.trace.Span";
  private static final Class<?> NONE = Void.class;

  /** The Span class each class loader sees (weakly: an undeployed application's can go). */
  private static final Map<ClassLoader, WeakReference<Class<?>>> SPAN_CLASSES =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** The methods of a Span class, kept with the class itself. */
  private static final ClassValue<Method[]> METHODS =
      new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> span) {
          try {
            Method current = span.getMethod("current");
            Method context = span.getMethod("getSpanContext");
            Class<?> type = context.getReturnType();
            return new Method[] {
              current,
              context,
              type.getMethod("isValid"),
              type.getMethod("getTraceId"),
              type.getMethod("getSpanId")
            };
          } catch (NoSuchMethodException e) {
            return null;
          }
        }
      };

  private TraceContext() {}

  /** The calling thread's current span, or null outside one or without the API. */
  public static Ids current() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = TraceContext.class.getClassLoader();
    }
    Class<?> span = spanClass(loader);
    if (span == NONE) {
      return null;
    }
    Method[] methods = METHODS.get(span);
    if (methods == null) {
      return null;
    }
    try {
      Object context = methods[1].invoke(methods[0].invoke(null));
      if (!Boolean.TRUE.equals(methods[2].invoke(context))) {
        return null;
      }
      return new Ids((String) methods[3].invoke(context), (String) methods[4].invoke(context));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** The event with the calling thread's trace context, unless it has one or there is none. */
  public static LogEvent stamp(LogEvent event) {
    if (event.traceId() != null) {
      return event;
    }
    Ids ids = current();
    return ids == null ? event : event.withTrace(ids.traceId(), ids.spanId());
  }

  private static Class<?> spanClass(ClassLoader loader) {
    WeakReference<Class<?>> known = SPAN_CLASSES.get(loader);
    Class<?> span = known == null ? null : known.get();
    if (span == null) {
      try {
        span = Class.forName(SPAN, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        span = NONE;
      }
      SPAN_CLASSES.put(loader, new WeakReference<>(span));
    }
    return span;
  }
}
