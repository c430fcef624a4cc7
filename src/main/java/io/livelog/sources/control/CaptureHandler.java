package io.livelog.sources.control;

import io.livelog.events.control.Threads;
import io.livelog.events.control.TraceContext;
import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * A JUL handler on the root logger that turns the server's records into events with source {@code
 * server}. It never blocks the logging thread (the relay only queues or drops and counts), and it
 * ignores records emitted by Livelog's own threads and records emitted while it is handling one, so
 * it can never feed on itself.
 */
public final class CaptureHandler extends Handler {

  /** Records of this logger are never captured: it prints the generated admin password. */
  public static final String PRIVATE_LOGGER = "io.livelog.private";

  private static final int MAX_THROWN_CHARS = 64 * 1024;
  private static final ClassValue<Method> SELF_FORMATTING =
      new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
          if (type == LogRecord.class) {
            return null;
          }
          try {
            Method method = type.getMethod("getFormattedMessage");
            return method.getReturnType() == String.class ? method : null;
          } catch (NoSuchMethodException e) {
            return null;
          }
        }
      };
  private static final ThreadLocal<Boolean> HANDLING = ThreadLocal.withInitial(() -> false);

  private final Predicate<LogEvent> sink;
  private final int minLevel;
  private final Predicate<String> changedByOperator;
  private final Supplier<String> app;
  private final SimpleFormatter formatter = new SimpleFormatter();

  public CaptureHandler(Predicate<LogEvent> sink, Level minLevel) {
    this(sink, minLevel, logger -> false, () -> null);
  }

  /**
   * @param changedByOperator whether an operator changed this logger's level (or an ancestor's):
   *     its records are captured below {@code minLevel} too, so that "FINE for 10 minutes" shows
   * @param app names the deployment of the logging thread ({@link AppNames#current()})
   */
  public CaptureHandler(
      Predicate<LogEvent> sink,
      Level minLevel,
      Predicate<String> changedByOperator,
      Supplier<String> app) {
    this.sink = sink;
    this.minLevel = minLevel.toJul().intValue();
    this.changedByOperator = changedByOperator;
    this.app = app;
  }

  @Override
  public void publish(LogRecord record) {
    if (record == null
        || record.getLevel().intValue() < minLevel && !changedByOperator(record)
        || HANDLING.get()
        || PRIVATE_LOGGER.equals(record.getLoggerName())
        || Thread.currentThread().getName().startsWith(Threads.PREFIX)) {
      return;
    }
    HANDLING.set(true);
    try {
      sink.test(toEvent(record));
    } catch (RuntimeException e) {
      // a logging call must never fail because of Livelog
    } finally {
      HANDLING.set(false);
    }
  }

  private boolean changedByOperator(LogRecord record) {
    try {
      return changedByOperator.test(record.getLoggerName());
    } catch (RuntimeException e) {
      return false; // Livelog is going away: its levels are being restored
    }
  }

  private LogEvent toEvent(LogRecord record) {
    TraceContext.Ids trace = TraceContext.current();
    Thread current = Thread.currentThread();
    String thread =
        record.getLongThreadID() == current.getId()
            ? current.getName()
            : "thread-" + record.getLongThreadID();
    return new LogEvent(
        null,
        record.getMillis(),
        Level.of(record.getLevel()),
        record.getLoggerName() == null ? "" : record.getLoggerName(),
        "server",
        null,
        thread,
        message(record),
        stackTrace(record.getThrown()),
        null,
        null,
        app.get(),
        trace == null ? null : trace.traceId(),
        trace == null ? null : trace.spanId());
  }

  /**
   * The record's text with its parameters. JBoss LogManager (WildFly) records carry printf-style
   * formats ({@code "WFLYEJB0020: ... %s"}) that only the record itself can apply, through its
   * public {@code getFormattedMessage()}; every other record is formatted the JUL way.
   */
  String message(LogRecord record) {
    Method formatted = SELF_FORMATTING.get(record.getClass());
    if (formatted != null) {
      try {
        if (formatted.invoke(record) instanceof String text) {
          return text;
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        // fall back to JUL formatting
      }
    }
    return formatter.formatMessage(record);
  }

  private static String stackTrace(Throwable thrown) {
    if (thrown == null) {
      return null;
    }
    StringWriter out = new StringWriter();
    thrown.printStackTrace(new PrintWriter(out));
    String trace = out.toString();
    return trace.length() > MAX_THROWN_CHARS
        ? trace.substring(0, MAX_THROWN_CHARS) + "\n\t..."
        : trace;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
