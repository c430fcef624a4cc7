/** {@code GET /api/metrics}: Livelog's counters for Prometheus. */
package io.livelog.metrics.boundary;
