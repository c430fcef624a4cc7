package io.livelog.events.entity;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * An event after the history has taken it: its id as a number, the event, and its JSON encoded to
 * UTF-8 once, for every subscriber, every filter and every replay (the JSON text is decoded again
 * only where a reader asks for it). The message in lower case, which every {@code q} filter
 * compares with, is computed once too, at its first use.
 */
public final class Recorded {

  private final long id;
  private final LogEvent event;
  private final byte[] utf8;
  private String lowerMessage;

  public Recorded(long id, LogEvent event, String json) {
    this.id = id;
    this.event = Objects.requireNonNull(event);
    this.utf8 = json.getBytes(StandardCharsets.UTF_8);
  }

  public long id() {
    return id;
  }

  public LogEvent event() {
    return event;
  }

  /** The event's JSON as UTF-8 bytes; shared, never to be changed. */
  public byte[] utf8() {
    return utf8;
  }

  /** The event's JSON as text. */
  public String json() {
    return new String(utf8, StandardCharsets.UTF_8);
  }

  /** The message in lower case (root locale), computed once. */
  public String lowerMessage() {
    String lower = lowerMessage;
    if (lower == null) {
      // a race computes it twice, never wrongly: a String is immutable
      lower = event.message() == null ? "" : event.message().toLowerCase(Locale.ROOT);
      lowerMessage = lower;
    }
    return lower;
  }

  /**
   * What holding this event costs the heap, roughly, in bytes: the encoded JSON plus the event's
   * own strings (about as many bytes again) and the objects around them.
   */
  public int retainedBytes() {
    return 2 * utf8.length + 96;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Recorded that && id == that.id && event.equals(that.event);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id);
  }

  @Override
  public String toString() {
    return "Recorded[id=" + id + ", json=" + json() + "]";
  }
}
