/** The Prometheus registry, fed from the counters, hub and history that already exist. */
package io.livelog.metrics.control;
