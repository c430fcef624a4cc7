/** The counters behind {@code /api/stats}: events in and out, and every drop by reason. */
package io.livelog.stats.control;
