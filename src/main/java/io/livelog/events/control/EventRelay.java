package io.livelog.events.control;

import io.livelog.events.entity.LogEvent;
import io.livelog.events.entity.RecordedBatch;
import io.livelog.stats.control.Counters;
import io.livelog.stats.control.Counters.Drop;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Takes every {@link LogEvent} from any producer without ever making it wait, and hands the events
 * on from one thread: history (which assigns ids) then the stream, as a {@link RecordedBatch}.
 *
 * <p>Producers may {@code fire()} or {@code fireAsync()}: both observers only put the event into a
 * bounded queue and return, so a producer never waits on a browser. When the queue is full the
 * event is dropped and counted, never blocked on (ADR 0002).
 */
@ApplicationScoped
public class EventRelay {

  /** Threads of the relay and the stream carry this prefix; the server capture skips them. */
  public static final String THREAD_PREFIX = "livelog-";

  private static final Logger LOG = Logger.getLogger(EventRelay.class.getName());
  private static final int MAX_BATCH = 4096;

  @Inject HistoryBuffer history;
  @Inject Counters counters;
  @Inject Event<RecordedBatch> recorded;

  @Inject
  @ConfigProperty(name = "livelog.relay.capacity", defaultValue = "65536")
  int capacity;

  @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
  ManagedThreadFactory threadFactory;

  private final LinkedBlockingQueue<LogEvent> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private volatile boolean running;
  private Thread thread;

  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    running = true;
    thread = threadFactory.newThread(this::relay);
    thread.setName(THREAD_PREFIX + "relay");
    thread.setDaemon(true);
    thread.start();
  }

  @PreDestroy
  void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Synchronous observer: {@code fire()} returns as soon as the event is queued. */
  void onEvent(@Observes LogEvent event) {
    submit(event);
  }

  /** Asynchronous observer, for producers that {@code fireAsync()}. */
  void onEventAsync(@ObservesAsync LogEvent event) {
    submit(event);
  }

  /** Queues one event; false (and counted as {@code relayFull}) when the queue is full. */
  public boolean submit(LogEvent event) {
    if (!reserve(1)) {
      counters.drop(Drop.relayFull, 1);
      return false;
    }
    queue.offer(event);
    return true;
  }

  /** Queues all events or none; false when they do not all fit. The caller counts the refusal. */
  public boolean submitAll(List<LogEvent> events) {
    if (!reserve(events.size())) {
      return false;
    }
    queue.addAll(events);
    return true;
  }

  private boolean reserve(int n) {
    while (true) {
      int now = queued.get();
      if (now + n > capacity) {
        return false;
      }
      if (queued.compareAndSet(now, now + n)) {
        return true;
      }
    }
  }

  public boolean isRunning() {
    return running && thread != null && thread.isAlive();
  }

  /** The most events the queue holds; a larger ingest batch can never be accepted. */
  public int capacity() {
    return capacity;
  }

  public int queued() {
    return queued.get();
  }

  private void relay() {
    List<LogEvent> batch = new ArrayList<>(MAX_BATCH);
    while (running) {
      try {
        LogEvent first = queue.poll(250, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        queued.addAndGet(-batch.size());
        handOn(batch);
      } catch (InterruptedException e) {
        if (!running) {
          return;
        }
      } finally {
        batch.clear();
      }
    }
  }

  private void handOn(List<LogEvent> batch) {
    try {
      RecordedBatch done = new RecordedBatch(history.record(batch));
      counters.eventsIn(batch.size());
      recorded.fire(done);
    } catch (RuntimeException e) {
      counters.drop(Drop.relayError, batch.size());
      LOG.log(java.util.logging.Level.WARNING, "Livelog relay failed on a batch", e);
    }
  }
}
