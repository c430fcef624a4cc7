/** {@code /api/loggers}: the operator's view of the server's loggers and their levels. */
package io.livelog.levels.boundary;
