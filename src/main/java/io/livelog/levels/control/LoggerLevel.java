package io.livelog.levels.control;

/**
 * One logger as the operator sees it.
 *
 * @param name the logger's name
 * @param level its own level, or null when it inherits
 * @param effectiveLevel the level that applies (its own or the nearest ancestor's)
 * @param restoreAt epoch ms when an operator's change is undone, or 0 when none is active
 * @param previous the level an active change will restore (null: inherit)
 */
public record LoggerLevel(
    String name, String level, String effectiveLevel, long restoreAt, String previous) {}
