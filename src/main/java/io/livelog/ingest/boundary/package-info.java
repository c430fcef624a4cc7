/** The ways in for shippers: {@code POST /api/logs} and {@code POST /api/otlp/v1/logs}. */
package io.livelog.ingest.boundary;
