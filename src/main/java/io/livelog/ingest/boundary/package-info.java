/** The ways in for shippers and pollers: {@code POST} and {@code GET /api/logs}. */
package io.livelog.ingest.boundary;
