package io.livelog.events.entity;

/**
 * An event after the history has taken it: its id as a number and its JSON, serialized once for
 * every subscriber and every filter.
 */
public record Recorded(long id, LogEvent event, String json) {}
