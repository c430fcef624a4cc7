/** The way in to history: {@code GET /api/logs}, for pages scrolling back and for pollers. */
package io.livelog.events.boundary;
