package io.livelog.events.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * A rule that fired, sent to every subscriber as {@code event: alert}.
 *
 * @param rule the rule's name
 * @param count how many matching events arrived within the window
 * @param windowSeconds the rule's window
 * @param firstId the first of those events' ids
 * @param lastId the last of those events' ids
 * @param ts epoch ms when it fired
 * @param node the node that saw it
 * @param description the rule as written, such as {@code 5 ERROR from com.acme. in 60 s}
 */
@JsonbPropertyOrder({
  "rule",
  "count",
  "windowSeconds",
  "firstId",
  "lastId",
  "ts",
  "node",
  "description"
})
public record Alert(
    String rule,
    int count,
    long windowSeconds,
    String firstId,
    String lastId,
    long ts,
    String node,
    String description) {}
