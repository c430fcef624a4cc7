package io.livelog.metrics.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

  @Test
  void theProcessCpuIsInSecondsUnderPrometheusUsualName() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ProcessCpu.bindTo(registry);
    assertThat(registry.scrape()).containsPattern("(?m)^process_cpu_seconds_total [0-9.E]+$");
    assertThat(registry.find("process.cpu").functionCounter().count()).isPositive();
  }
}
