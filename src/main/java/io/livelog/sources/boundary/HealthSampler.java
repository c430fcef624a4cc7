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
import javax.management.JMException;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Samples the JVM's health every {@code livelog.health.seconds} with a non-persistent EJB timer
 * (created through {@link TimerService} because its period comes from configuration) and fires it
 * as a {@link MetricSample}; a heap above 90 % also becomes a WARN event with source {@code
 * health}. Only {@code java.lang.management} and JMX are used, which deployments see on every
 * server.
 */
@Singleton
@Startup
public class HealthSampler {

  private static final double HEAP_WARNING = 0.9;
  private static final ObjectName OPERATING_SYSTEM = operatingSystem();

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

  /**
   * The process CPU load (0..1) read as the platform MBean attribute {@code ProcessCpuLoad}, so no
   * {@code com.sun.management} class is needed: WildFly does not show that package to deployments.
   * Where the attribute is missing or not yet measured the sample says {@code -1} (unknown) and the
   * page leaves CPU out.
   */
  static double cpuLoad() {
    try {
      Object load =
          ManagementFactory.getPlatformMBeanServer()
              .getAttribute(OPERATING_SYSTEM, "ProcessCpuLoad");
      return load instanceof Number n && n.doubleValue() >= 0 ? n.doubleValue() : -1;
    } catch (JMException | RuntimeException e) {
      return -1;
    }
  }

  private static ObjectName operatingSystem() {
    try {
      return new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME);
    } catch (MalformedObjectNameException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The number of this bean's timers; one while deployed. */
  public int timers() {
    return timers.getTimers().size();
  }
}
