package io.livelog.events.control;

import io.livelog.events.control.Sequencer.Submitted;
import io.livelog.events.entity.LogEvent;
import io.livelog.stats.control.Counters;
import io.livelog.stats.control.Counters.Drop;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Takes every {@link LogEvent} from any producer without ever making it wait, and hands it to the
 * {@link Sequencer}, which alone assigns ids, records and publishes.
 *
 * <p>Producers may {@code fire()} or {@code fireAsync()}: both observers prepare the event on the
 * calling thread (cut and serialized once, {@link EventPreparer}) and hand it on, so a producer
 * never waits on a browser. When the sequencer is full the event is dropped and counted, never
 * blocked on (ADR 0002); an event that cannot be serialized is counted as {@code unserializable}
 * and affects nothing else. Only an ingest answer waits: for the commit, or on a cluster node for
 * the grid (ADR 0014).
 */
@ApplicationScoped
public class EventRelay {

  @Inject EventPreparer preparer;
  @Inject Counters counters;
  @Inject Sequencers sequencers;

  @Inject
  @ConfigProperty(name = "livelog.relay.capacity", defaultValue = "65536")
  int capacity;

  /** Starts the sequencer with the application, not at its first event. */
  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    sequencers.get();
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
   * Hands one event on without waiting; false when it cannot be serialized (counted as {@code
   * unserializable}) or the sequencer is full (counted as {@code relayFull}). On a cluster node a
   * failure of the grid later is counted by the appender ({@code clusterUnavailable}).
   */
  public boolean submit(LogEvent event) {
    Optional<PreparedEvent> prepared = preparer.prepare(event);
    if (prepared.isEmpty()) {
      counters.drop(Drop.unserializable, 1);
      return false;
    }
    PreparedEvent ready = prepared.get();
    if (!sequencers.get().append(List.of(ready), ready.size(), false).taken()) {
      counters.drop(Drop.relayFull, 1);
      return false;
    }
    return true;
  }

  /**
   * Hands on all events or none. Events that cannot be serialized are left out and counted as
   * {@code unserializable}. On a cluster node taken means the grid stored them. With the store
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
    return sequencers.get().append(ready, bytes, true);
  }

  public boolean isRunning() {
    return sequencers.get().isRunning();
  }

  /** The most events the queue holds; a larger ingest batch can never be accepted. */
  public int capacity() {
    return capacity;
  }

  public int queued() {
    return sequencers.get().queued();
  }
}
