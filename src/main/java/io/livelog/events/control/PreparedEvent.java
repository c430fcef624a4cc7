package io.livelog.events.control;

import io.livelog.events.entity.LogEvent;
import java.util.concurrent.CompletableFuture;

/**
 * An event made ready on its producer's thread: normalized, cut to {@code livelog.event.maxChars},
 * and serialized once without its id. The relay only splices the id in front.
 *
 * @param event the normalized event, without an id
 * @param body its JSON object without the id, from the opening brace
 * @param stored for the last event of an ingest batch that waits for the store: completed true once
 *     the batch is committed, false when it was not stored; null otherwise
 */
public record PreparedEvent(LogEvent event, String body, CompletableFuture<Boolean> stored) {

  public PreparedEvent(LogEvent event, String body) {
    this(event, body, null);
  }

  /** This event, completing {@code future} once it (and all before it) is stored. */
  PreparedEvent whenStored(CompletableFuture<Boolean> future) {
    return new PreparedEvent(event, body, future);
  }

  /** The event's JSON with this id as its first property. */
  String jsonWithId(long id) {
    String idText = Long.toString(id);
    return new StringBuilder(body.length() + idText.length() + 8)
        .append("{\"id\":\"")
        .append(idText)
        .append("\",")
        .append(body, 1, body.length())
        .toString();
  }

  /** What holding this event costs, in bytes: the JSON's characters. */
  public int size() {
    return body.length() + 32;
  }
}
