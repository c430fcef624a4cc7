package io.livelog.ingest.control;

import io.livelog.events.control.EventRelay;
import io.livelog.events.entity.LogEvent;
import io.livelog.stats.control.Counters;
import io.livelog.stats.control.Counters.Drop;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** Hands a parsed batch to the relay whole or not at all, counting a refused one. */
@ApplicationScoped
public class BatchIntake {

  /** What became of a batch. */
  public enum Outcome {
    ACCEPTED,
    /** More events than the relay can ever hold at once: split the batch. */
    TOO_MANY,
    /** The relay is full (or the cluster did not confirm): retry later. */
    FULL
  }

  @Inject EventRelay relay;
  @Inject Counters counters;

  public Outcome submit(List<LogEvent> events) {
    if (events.size() > relay.capacity()) {
      return Outcome.TOO_MANY;
    }
    if (!events.isEmpty() && !relay.submitAll(events)) {
      counters.drop(Drop.ingestFull, events.size());
      return Outcome.FULL;
    }
    return Outcome.ACCEPTED;
  }

  public int capacity() {
    return relay.capacity();
  }
}
