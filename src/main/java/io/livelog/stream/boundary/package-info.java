/** The way in to the stream: {@code GET /api/stream} and its headers. */
package io.livelog.stream.boundary;
