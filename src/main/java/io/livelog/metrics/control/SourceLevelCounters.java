package io.livelog.metrics.control;

import io.livelog.events.entity.Level;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Micrometer counter per (source, level), made on first use and cached, so counting an event is
 * a map lookup and an add. The number of sources is bounded: once {@code maxSources} are known,
 * every new source is counted as {@code other} (ingest lets producers name any source).
 */
final class SourceLevelCounters {

  static final String OTHER = "other";

  private final MeterRegistry registry;
  private final String name;
  private final String description;
  private final int maxSources;
  private final ConcurrentHashMap<String, Counter[]> bySource = new ConcurrentHashMap<>();

  SourceLevelCounters(MeterRegistry registry, String name, String description, int maxSources) {
    this.registry = registry;
    this.name = name;
    this.description = description;
    this.maxSources = Math.max(1, maxSources);
  }

  void increment(String source, Level level) {
    counters(source)[level.ordinal()].increment();
  }

  private Counter[] counters(String source) {
    String key = source == null ? "app" : source;
    Counter[] known = bySource.get(key);
    if (known != null) {
      return known;
    }
    if (bySource.size() >= maxSources && !key.equals(OTHER)) {
      return bySource.computeIfAbsent(OTHER, this::create);
    }
    return bySource.computeIfAbsent(key, this::create);
  }

  private Counter[] create(String source) {
    Level[] levels = Level.values();
    Counter[] counters = new Counter[levels.length];
    for (Level level : levels) {
      counters[level.ordinal()] =
          Counter.builder(name)
              .description(description)
              .tag("source", source)
              .tag("level", level.name())
              .register(registry);
    }
    return counters;
  }

  /** Distinct sources counted under their own name ({@code other} included once used). */
  int sources() {
    return bySource.size();
  }
}
