package io.livelog.metrics.control;

import io.livelog.events.entity.Alert;
import io.livelog.events.entity.LogEvent;
import io.livelog.events.entity.Recorded;
import io.livelog.events.entity.RecordedBatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Counts what the relay records, by source and level, and the alerts raised, by rule. It observes
 * the {@link RecordedBatch} the relay fires synchronously once per batch on its one thread, so it
 * must stay cheap: a cached counter per (source, level) and one timer update per event the server
 * stamped itself. Observed after the stream and the alerts; it never throws there.
 */
@ApplicationScoped
public class EventMeters {

  private static final Logger LOG = Logger.getLogger(EventMeters.class.getName());

  /** Sources whose {@code ts} this server's clock set when the event was made. */
  static final Set<String> STAMPED_HERE = Set.of("server", "app", "health", "security");

  static final int MAX_RULES = 100;

  @Inject Metrics metrics;

  @Inject
  @ConfigProperty(name = "livelog.metrics.maxSources", defaultValue = "50")
  int maxSources;

  LongSupplier clock = System::currentTimeMillis;

  private MeterRegistry registry;
  private SourceLevelCounters recorded;
  private Timer delay;
  private final ConcurrentHashMap<String, Counter> alerts = new ConcurrentHashMap<>();

  @PostConstruct
  void init() {
    bind(metrics.registry());
  }

  /** Registers the meters in {@code registry}; a unit test builds it without a container. */
  void bind(MeterRegistry registry) {
    recorded =
        new SourceLevelCounters(
            registry,
            "livelog.events.recorded",
            "events recorded into history, by source and level (beyond"
                + " livelog.metrics.maxSources sources: other)",
            maxSources);
    delay =
        Timer.builder("livelog.record.delay")
            .description(
                "from an event's timestamp to its recording, for events this server stamped"
                    + " (sources server, app, health, security): the relay's wait")
            .register(registry);
    this.registry = registry;
  }

  void onRecorded(@Observes @Priority(Interceptor.Priority.APPLICATION + 950) RecordedBatch batch) {
    try {
      long now = clock.getAsLong();
      for (Recorded r : batch.events()) {
        LogEvent event = r.event();
        recorded.increment(event.source(), event.level());
        if (STAMPED_HERE.contains(event.source()) && event.ts() <= now) {
          delay.record(now - event.ts(), TimeUnit.MILLISECONDS);
        }
      }
    } catch (RuntimeException e) {
      LOG.log(java.util.logging.Level.FINE, "Livelog metrics failed on a batch", e);
    }
  }

  void onAlert(@Observes Alert alert) {
    String rule =
        alerts.containsKey(alert.rule()) || alerts.size() < MAX_RULES ? alert.rule() : "other";
    alerts
        .computeIfAbsent(
            rule,
            r ->
                Counter.builder("livelog.alerts")
                    .description("alerts raised on this node, by rule")
                    .tag("rule", r)
                    .register(registry))
        .increment();
  }
}
