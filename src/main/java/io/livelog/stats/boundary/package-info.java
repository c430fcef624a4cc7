/** What an operator reads: {@code /api/stats} and the readiness check. */
package io.livelog.stats.boundary;
