package io.livelog.events.entity;

import java.util.List;

/** Consecutive recorded events, oldest first, as the relay hands them on in one CDI event. */
public record RecordedBatch(List<Recorded> events) {}
