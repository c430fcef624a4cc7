package io.livelog.events.control;

import io.livelog.cluster.control.ClusterRelay;
import io.livelog.cluster.control.ClusterRelay.Outcome;
import io.livelog.events.entity.LogEvent;
import io.livelog.events.entity.Recorded;
import io.livelog.events.entity.RecordedBatch;
import io.livelog.stats.control.Counters;
import io.livelog.stats.control.Counters.Drop;
import io.livelog.store.control.EventStore;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Takes every {@link LogEvent} from any producer without ever making it wait, and hands the events
 * on from one thread: history (which assigns ids) then the stream, as a {@link RecordedBatch}.
 *
 * <p>Producers may {@code fire()} or {@code fireAsync()}: both observers prepare the event on the
 * calling thread (cut and serialized once, {@link EventPreparer}) and put it into a queue bounded
 * in events and in bytes, then return, so a producer never waits on a browser and the relay's one
 * thread only assigns ids and hands on. When the queue is full the event is dropped and counted,
 * never blocked on (ADR 0002); an event that cannot be serialized is counted as {@code
 * unserializable} and affects nothing else.
 *
 * <p>On a cluster node ({@link ClusterRelay#active()}) prepared events go to the cluster's log
 * instead, and come back from it with their cluster-wide ids; a synchronous {@code fire()} and an
 * ingest then return only once the grid stored them (ADR 0014). Without a grid nothing changes.
 */
@ApplicationScoped
public class EventRelay {

  /** Threads of the relay and the stream carry this prefix; the server capture skips them. */
  public static final String THREAD_PREFIX = "livelog-";

  private static final Logger LOG = Logger.getLogger(EventRelay.class.getName());
  private static final int MAX_BATCH = 4096;

  @Inject HistoryBuffer history;
  @Inject EventPreparer preparer;
  @Inject Counters counters;
  @Inject Event<RecordedBatch> recorded;
  @Inject ClusterRelay cluster;
  @Inject EventStore store;

  @Inject
  @ConfigProperty(name = "livelog.relay.capacity", defaultValue = "65536")
  int capacity;

  @Inject
  @ConfigProperty(name = "livelog.relay.maxBytes", defaultValue = "33554432")
  long maxBytes;

  @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
  ManagedThreadFactory threadFactory;

  private final LinkedBlockingQueue<PreparedEvent> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong queuedBytes = new AtomicLong();
  private volatile boolean running;
  private Thread thread;

  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    // after a restart ids continue above the newest the store kept; on a cluster node the grid
    // assigns the ids, and its reader may already have recorded some
    if (!cluster.active()) {
      store.newestId().ifPresent(history::continueAbove);
    }
    store.startsAt(history.nextId());
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

  /**
   * Synchronous observer: {@code fire()} returns as soon as the event is queued, on a cluster node
   * too (ADR 0002: producers never wait; only an ingest answer waits for the grid). On the firing
   * thread, so the event takes that thread's trace context ({@link TraceContext}).
   */
  void onEvent(@Observes LogEvent event) {
    submit(TraceContext.stamp(event));
  }

  /** Asynchronous observer, for producers that {@code fireAsync()}. */
  void onEventAsync(@ObservesAsync LogEvent event) {
    submit(event);
  }

  /**
   * Queues one event without waiting; false when it cannot be serialized (counted as {@code
   * unserializable}) or the queue is full (counted as {@code relayFull}). On a cluster node a
   * failure of the grid later is counted by the appender ({@code clusterUnavailable}).
   */
  public boolean submit(LogEvent event) {
    Optional<PreparedEvent> prepared = preparer.prepare(event);
    if (prepared.isEmpty()) {
      counters.drop(Drop.unserializable, 1);
      return false;
    }
    PreparedEvent ready = prepared.get();
    if (cluster.active()) {
      if (cluster.append(List.of(ready), false) == Outcome.FULL) {
        counters.drop(Drop.relayFull, 1);
        return false;
      }
      return true;
    }
    if (!reserve(1, ready.size())) {
      counters.drop(Drop.relayFull, 1);
      return false;
    }
    queue.offer(ready);
    return true;
  }

  /**
   * What became of an ingest batch.
   *
   * @param taken false when the batch did not fit into the queue (the caller counts it)
   * @param stored completes true once the batch is committed to the store (at once when no commit
   *     is awaited), false when the store did not take it (counted where that was decided)
   * @param unconfirmed on a cluster node: the grid did not confirm the batch in time (it may still
   *     store it; a failure is counted by the appender)
   */
  public record Submitted(boolean taken, CompletableFuture<Boolean> stored, boolean unconfirmed) {

    static final Submitted REFUSED =
        new Submitted(false, CompletableFuture.completedFuture(false), false);
    static final Submitted DONE =
        new Submitted(true, CompletableFuture.completedFuture(true), false);
    static final Submitted UNCONFIRMED =
        new Submitted(true, CompletableFuture.completedFuture(false), true);
  }

  /**
   * Queues all events or none. Events that cannot be serialized are left out and counted as {@code
   * unserializable}. On a cluster node taken means the grid stored them. With the store
   * acknowledging commits, {@link Submitted#stored()} completes after the batch's commit.
   */
  public Submitted submitAll(List<LogEvent> events) {
    List<PreparedEvent> ready = new ArrayList<>(events.size());
    long bytes = 0;
    for (LogEvent event : events) {
      Optional<PreparedEvent> prepared = preparer.prepare(event);
      if (prepared.isPresent()) {
        ready.add(prepared.get());
        bytes += prepared.get().size();
      } else {
        counters.drop(Drop.unserializable, 1);
      }
    }
    if (cluster.active()) {
      return switch (cluster.append(ready, true)) {
        case STORED, QUEUED -> Submitted.DONE;
        case FULL -> Submitted.REFUSED;
        case UNCONFIRMED -> Submitted.UNCONFIRMED;
      };
    }
    if (ready.isEmpty()) {
      return Submitted.DONE;
    }
    if (!reserve(ready.size(), bytes)) {
      return Submitted.REFUSED;
    }
    if (!store.acknowledgesCommits()) {
      queue.addAll(ready);
      return Submitted.DONE;
    }
    CompletableFuture<Boolean> stored = new CompletableFuture<>();
    int last = ready.size() - 1;
    ready.set(last, ready.get(last).whenStored(stored));
    queue.addAll(ready);
    return new Submitted(true, stored, false);
  }

  private boolean reserve(int n, long bytes) {
    while (true) {
      int now = queued.get();
      if (now + n > capacity) {
        return false;
      }
      if (queued.compareAndSet(now, now + n)) {
        break;
      }
    }
    while (true) {
      long now = queuedBytes.get();
      // an event larger than the whole budget still fits into an empty queue
      if (now > 0 && now + bytes > maxBytes) {
        queued.addAndGet(-n);
        return false;
      }
      if (queuedBytes.compareAndSet(now, now + bytes)) {
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
    List<PreparedEvent> batch = new ArrayList<>(MAX_BATCH);
    while (running) {
      try {
        PreparedEvent first = queue.poll(250, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        long bytes = 0;
        for (PreparedEvent event : batch) {
          bytes += event.size();
        }
        queued.addAndGet(-batch.size());
        queuedBytes.addAndGet(-bytes);
        handOn(batch);
      } catch (InterruptedException e) {
        if (!running) {
          return;
        }
      } catch (Throwable e) {
        // the relay is never the thread that dies: count what was lost and go on
        counters.drop(Drop.relayError, batch.size());
        for (PreparedEvent event : batch) {
          if (event.stored() != null) {
            event.stored().complete(false);
          }
        }
        LOG.log(java.util.logging.Level.WARNING, "Livelog relay failed on a batch", e);
      } finally {
        batch.clear();
      }
    }
  }

  private void handOn(List<PreparedEvent> batch) {
    List<Recorded> events = history.record(batch);
    if (store.active()) {
      // queued for the store's writer, never waited for: live delivery does not wait on the disk
      CompletableFuture<Boolean> stored = store.append(events);
      for (PreparedEvent event : batch) {
        if (event.stored() != null) {
          stored.thenAccept(event.stored()::complete);
        }
      }
    } else {
      for (PreparedEvent event : batch) {
        if (event.stored() != null) {
          event.stored().complete(true);
        }
      }
    }
    RecordedBatch done = new RecordedBatch(events);
    counters.eventsIn(batch.size());
    try {
      recorded.fire(done);
    } catch (RuntimeException e) {
      // recorded and held: a reconnect replays them, so nothing is lost without a trace
      LOG.log(java.util.logging.Level.WARNING, "Livelog stream failed on a batch", e);
    }
  }
}
