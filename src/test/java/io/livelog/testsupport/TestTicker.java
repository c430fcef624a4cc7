package io.livelog.testsupport;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Added to the WAR by tests only: fires events at a steady rate, as a busy application would. */
@ApplicationScoped
public class TestTicker {

  @Inject Event<LogEvent> events;

  @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
  ManagedScheduledExecutorService scheduler;

  private final AtomicLong fired = new AtomicLong();
  private ScheduledFuture<?> task;

  public synchronized void start(int perSecond, String source) {
    stop();
    fired.set(0);
    long periodMicros = Math.max(100, 1_000_000L / Math.max(1, perSecond));
    task =
        scheduler.scheduleAtFixedRate(
            () ->
                events.fire(
                    LogEvent.of(Level.INFO, "ticker", "tick " + fired.getAndIncrement())
                        .withSource(source)),
            periodMicros,
            periodMicros,
            TimeUnit.MICROSECONDS);
  }

  /** Stops and answers how many events were fired. */
  public synchronized long stop() {
    if (task != null) {
      task.cancel(false);
      task = null;
    }
    return fired.get();
  }

  @PreDestroy
  void shutdown() {
    stop();
  }
}
