package io.livelog.metrics.control;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.reflect.Method;

/**
 * {@code process_cpu_seconds_total}, the name Prometheus's own clients and Grafana's JVM dashboards
 * use (Micrometer's binder says {@code process_cpu_time_ns_total}). Read through {@code
 * com.sun.management.OperatingSystemMXBean} when the server lets the deployment see it (WildFly
 * does through the WAR's {@code jboss-deployment-structure.xml}); otherwise the meter is absent
 * rather than wrong.
 */
final class ProcessCpu {

  private ProcessCpu() {}

  static void bindTo(MeterRegistry registry) {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    Method cpuTime;
    try {
      Class<?> sun = Class.forName("com.sun.management.OperatingSystemMXBean");
      if (!sun.isInstance(os)) {
        return;
      }
      cpuTime = sun.getMethod("getProcessCpuTime");
      if ((long) cpuTime.invoke(os) < 0) {
        return;
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return;
    }
    FunctionCounter.builder("process.cpu", os, bean -> seconds(cpuTime, bean))
        .description("CPU time the server's process used (all applications of the server)")
        .baseUnit("seconds")
        .register(registry);
  }

  private static double seconds(Method cpuTime, OperatingSystemMXBean os) {
    try {
      return ((long) cpuTime.invoke(os)) / 1e9;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
