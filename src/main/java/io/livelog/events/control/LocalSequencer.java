package io.livelog.events.control;

import io.livelog.events.entity.Recorded;
import io.livelog.events.entity.RecordedBatch;
import io.livelog.stats.control.Counters;
import io.livelog.stats.control.Counters.Drop;
import io.livelog.store.control.EventStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The single node's {@link Sequencer}: a queue bounded in events and in bytes, and one thread that
 * takes what queued, has history assign the ids, queues the batch for the store (never waiting on
 * the disk) and publishes it to the stream. A full queue refuses at once (ADR 0002); the thread
 * never dies on a batch: what it could not hand on is counted as {@code relayError}.
 */
@ApplicationScoped
public class LocalSequencer implements Sequencer {

  private static final Logger LOG = Logger.getLogger(LocalSequencer.class.getName());
  private static final int MAX_BATCH = 4096;

  @Inject HistoryBuffer history;
  @Inject Counters counters;
  @Inject Event<RecordedBatch> recorded;
  @Inject EventStore store;
  @Inject NodeMemory memory;

  @Inject
  @ConfigProperty(name = "livelog.relay.capacity", defaultValue = "65536")
  int capacity;

  @Inject
  @ConfigProperty(name = "livelog.relay.maxBytes", defaultValue = "33554432")
  long maxBytes;

  @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
  ManagedThreadFactory threadFactory;

  private final LinkedBlockingQueue<PreparedEvent> queue = new LinkedBlockingQueue<>();
  private QueueBound bound;
  private volatile boolean running;
  private Thread thread;

  @PostConstruct
  void init() {
    bound = new QueueBound(capacity, maxBytes);
  }

  /** Starts the thread (once); ids continue above the newest the store kept. */
  synchronized LocalSequencer started() {
    if (thread == null) {
      store.newestId().ifPresent(history::continueAbove);
      store.startsAt(history.nextId());
      running = true;
      memory.measure(NodeMemory.Part.RELAY, bound::bytes);
      thread = threadFactory.newThread(this::relay);
      thread.setName(Threads.PREFIX + "relay");
      thread.setDaemon(true);
      thread.start();
    }
    return this;
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

  @Override
  public Submitted append(List<PreparedEvent> events, long bytes, boolean acknowledged) {
    if (events.isEmpty()) {
      return Submitted.DONE;
    }
    if (memory.refuses(bytes) || !bound.reserve(events.size(), bytes)) {
      return Submitted.REFUSED;
    }
    if (!acknowledged || !store.acknowledgesCommits()) {
      queue.addAll(events);
      return Submitted.DONE;
    }
    List<PreparedEvent> ready = new ArrayList<>(events);
    CompletableFuture<Boolean> stored = new CompletableFuture<>();
    int last = ready.size() - 1;
    ready.set(last, ready.get(last).whenStored(stored));
    queue.addAll(ready);
    return new Submitted(true, stored, false);
  }

  @Override
  public boolean isRunning() {
    return running && thread != null && thread.isAlive();
  }

  @Override
  public int queued() {
    return bound.events();
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
        bound.release(batch.size(), bytes);
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
