package io.livelog.events.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** A JVM health sample, sent to every subscriber as {@code event: metric}. */
@JsonbPropertyOrder({
  "ts",
  "node",
  "heapUsed",
  "heapMax",
  "threads",
  "cpuLoad",
  "gcCount",
  "gcMillis"
})
public record MetricSample(
    long ts,
    String node,
    long heapUsed,
    long heapMax,
    int threads,
    double cpuLoad,
    long gcCount,
    long gcMillis) {}
