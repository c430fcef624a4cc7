package io.livelog.sources.boundary;

import io.livelog.events.control.Node;
import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.events.entity.MetricSample;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Samples the JVM's health every {@code livelog.health.seconds} with a non-persistent EJB timer
 * (created through {@link TimerService} because its period comes from configuration) and fires it
 * as a {@link MetricSample}; a heap above 90 % also becomes a WARN event with source {@code
 * health}.
 */
@Singleton
@Startup
public class HealthSampler {

  private static final double HEAP_WARNING = 0.9;

  @Resource TimerService timers;
  @Inject Event<MetricSample> samples;
  @Inject Event<LogEvent> events;
  @Inject Node node;

  @Inject
  @ConfigProperty(name = "livelog.health.seconds", defaultValue = "5")
  int periodSeconds;

  @PostConstruct
  void schedule() {
    long period = Math.max(1, periodSeconds) * 1000L;
    timers.createIntervalTimer(1000, period, new TimerConfig("livelog-health", false));
  }

  @Timeout
  void sample() {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    long gcCount = 0;
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount += Math.max(0, gc.getCollectionCount());
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
    MetricSample sample =
        new MetricSample(
            System.currentTimeMillis(),
            node.name(),
            heap.getUsed(),
            max,
            ManagementFactory.getThreadMXBean().getThreadCount(),
            cpuLoad(),
            gcCount,
            gcMillis);
    samples.fire(sample);
    if (max > 0 && heap.getUsed() > HEAP_WARNING * max) {
      events.fire(
          new LogEvent(
              null,
              sample.ts(),
              Level.WARN,
              HealthSampler.class.getName(),
              "health",
              null,
              null,
              String.format("Heap at %.0f %% of its maximum", 100.0 * heap.getUsed() / max),
              null,
              Map.of("heapUsed", heap.getUsed(), "heapMax", max)));
    }
  }

  private static double cpuLoad() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      double load = os.getProcessCpuLoad();
      return load < 0 ? 0 : load;
    }
    return 0;
  }

  /** The number of this bean's timers; one while deployed. */
  public int timers() {
    return timers.getTimers().size();
  }
}
