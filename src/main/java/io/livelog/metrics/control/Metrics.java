package io.livelog.metrics.control;

import io.livelog.alerts.control.Webhook;
import io.livelog.cluster.control.ClusterRelay;
import io.livelog.events.control.EventRelay;
import io.livelog.events.control.HistoryBuffer;
import io.livelog.events.control.NodeMemory;
import io.livelog.stats.control.Counters;
import io.livelog.stats.control.Counters.Drop;
import io.livelog.store.control.EventStore;
import io.livelog.stream.control.StreamHub;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.ToDoubleFunction;

/**
 * Livelog's meters in a Prometheus registry of its own (never Micrometer's global one, which other
 * applications of the server may share). Nothing is counted twice: these meters read, when scraped,
 * a number that {@link Counters}, the {@link StreamHub}, the {@link HistoryBuffer}, the relay, the
 * store or the cluster already keeps; {@link EventMeters} adds what nothing else counts (by source
 * and level, by alert rule). Micrometer's process and JVM binders add CPU, memory and threads.
 */
@ApplicationScoped
public class Metrics {

  /** The text format Prometheus reads by default. */
  public static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

  /** OpenMetrics 1.0, for a client whose {@code Accept} asks for it. */
  public static final String OPEN_METRICS =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  @Inject Counters counters;
  @Inject StreamHub hub;
  @Inject HistoryBuffer history;
  @Inject ClusterRelay cluster;
  @Inject EventRelay relay;
  @Inject EventStore store;
  @Inject Webhook webhook;
  @Inject NodeMemory memory;

  private static final String BYTES = "bytes";
  private static final String SECONDS = "seconds";

  private PrometheusMeterRegistry registry;

  @PostConstruct
  void init() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // ProcessCpu says it in seconds, under Prometheus's usual name; filters come before any meter
    registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
    FunctionCounter.builder("livelog.events.in", counters, Counters::eventsIn)
        .description("events taken from producers (fired, captured, ingested)")
        .register(registry);
    FunctionCounter.builder("livelog.events.out", counters, Counters::eventsOut)
        .description("event deliveries to subscribers")
        .register(registry);
    for (Drop reason : Drop.values()) {
      FunctionCounter.builder("livelog.dropped", counters, c -> c.dropped(reason))
          .description("events or subscribers dropped, by reason")
          .tag("reason", reason.name())
          .register(registry);
    }
    gauge("livelog.subscribers", hub, StreamHub::subscribers, "open streams on this node", null);
    gauge(
        "livelog.filter.groups",
        hub,
        StreamHub::groups,
        "distinct stream filters on this node",
        null);
    gauge(
        "livelog.history.events",
        history,
        HistoryBuffer::size,
        "events held in memory for history and resume",
        null);
    gauge(
        "livelog.history.size",
        history,
        HistoryBuffer::bytes,
        "characters of event JSON held in memory history",
        BYTES);
    gauge(
        "livelog.cluster.members",
        cluster,
        ClusterRelay::members,
        "nodes in this Livelog cluster (1 without the data grid)",
        null);
    gauge(
        "livelog.cluster.lag",
        cluster,
        ClusterRelay::lag,
        "events of the cluster's log this node has not read yet",
        null);
    gauge(
        "livelog.cluster.append.queued",
        cluster,
        ClusterRelay::appendQueued,
        "this node's events waiting to be appended to the cluster's log",
        null);
    gauge(
        "livelog.relay.queued",
        relay,
        EventRelay::queued,
        "events taken but not yet recorded (the relay's queue on a single node)",
        null);
    gauge(
        "livelog.store.size",
        store,
        EventStore::bytes,
        "bytes of events in the durable store (0 without it)",
        BYTES);
    gauge(
        "livelog.store.events",
        store,
        EventStore::count,
        "events in the durable store (0 without it)",
        null);
    gauge(
        "livelog.store.lag",
        store,
        s -> s.lagMillis() / 1000.0,
        "from recording to commit, for the store's latest write",
        SECONDS);
    gauge(
        "livelog.store.queued",
        store,
        EventStore::queuedBytes,
        "bytes of recorded events waiting for the store's writer",
        BYTES);
    for (NodeMemory.Part part : NodeMemory.Part.values()) {
      Gauge.builder("livelog.memory", memory, m -> m.parts().get(part))
          .description("what each part that holds events retains, against the node's budget")
          .tag("part", part.key())
          .baseUnit(BYTES)
          .register(registry);
    }
    gauge(
        "livelog.memory.max",
        memory,
        NodeMemory::budget,
        "the node's memory budget (livelog.memory.maxBytes)",
        BYTES);
    FunctionCounter.builder("livelog.alerts.webhook", webhook, Webhook::posted)
        .description("alert webhooks: posted by this node, or left to the node that claimed them")
        .tag("outcome", "posted")
        .register(registry);
    FunctionCounter.builder("livelog.alerts.webhook", webhook, Webhook::leftToOtherNodes)
        .description("alert webhooks: posted by this node, or left to the node that claimed them")
        .tag("outcome", "other_node")
        .register(registry);
    // the server process: CPU (process_cpu_usage, process_cpu_seconds_total), memory, threads,
    // classes
    new ProcessorMetrics().bindTo(registry);
    ProcessCpu.bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    gauge(
        "livelog.uptime",
        counters,
        c -> c.uptimeMillis() / 1000.0,
        "seconds since Livelog started",
        SECONDS);
  }

  /** Registers a gauge that reads {@code value} of {@code source} when scraped. */
  private <T> void gauge(
      String name, T source, ToDoubleFunction<T> value, String description, String unit) {
    Gauge.Builder<T> gauge = Gauge.builder(name, source, value).description(description);
    if (unit != null) {
      gauge.baseUnit(unit);
    }
    gauge.register(registry);
  }

  @PreDestroy
  void close() {
    registry.close();
  }

  /** The registry, for the meters other classes of this package keep. */
  MeterRegistry registry() {
    return registry;
  }

  /** The format to answer for an {@code Accept} header: OpenMetrics only when asked for. */
  public static String contentType(String accept) {
    return accept != null && accept.contains("application/openmetrics-text") ? OPEN_METRICS : TEXT;
  }

  /** Every meter, in the format of {@link #contentType(String)}. */
  public String scrape(String contentType) {
    return registry.scrape(contentType);
  }
}
