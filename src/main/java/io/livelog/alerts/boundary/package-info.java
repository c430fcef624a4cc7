/** {@code /api/alerts}: the operator's alert rules. */
package io.livelog.alerts.boundary;
