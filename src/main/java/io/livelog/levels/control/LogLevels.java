package io.livelog.levels.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Changes a logger's level through {@code java.util.logging} (JBoss LogManager implements it on
 * WildFly) for a while: each change remembers the level it replaced and restores it after its
 * minutes, when an operator restores it early, or when Livelog is undeployed. A second change of
 * the same logger keeps the first one's original level. Every change and restore is audited.
 *
 * <p>The changed {@link Logger} is held here while its change lasts: JUL keeps loggers only weakly,
 * and a collected logger would lose the level.
 */
@ApplicationScoped
public class LogLevels {

  public static final int DEFAULT_MINUTES = 10;
  public static final int MAX_MINUTES = 24 * 60;

  @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
  ScheduledExecutorService scheduler;

  @Inject LevelAudit audit;

  private final Map<String, Change> changes = new ConcurrentHashMap<>();
  private volatile Set<String> changed = Set.of();

  private record Change(
      Logger logger, Level previous, Level level, long restoreAt, ScheduledFuture<?> restore) {}

  /** Every logger the log manager knows (but the root), sorted by name. */
  public List<LoggerLevel> list() {
    LogManager manager = LogManager.getLogManager();
    Set<String> names = new TreeSet<>(Collections.list(manager.getLoggerNames()));
    names.addAll(changes.keySet());
    List<LoggerLevel> out = new ArrayList<>(names.size());
    for (String name : names) {
      Logger logger = manager.getLogger(name);
      if (logger != null && !name.isEmpty()) {
        out.add(view(name, logger));
      }
    }
    return out;
  }

  /**
   * The logger of that name, when it exists. JBoss LogManager's {@code getLogger} creates the
   * logger it is asked for, so existence is checked among the names first.
   */
  public Optional<LoggerLevel> get(String name) {
    LogManager manager = LogManager.getLogManager();
    LoggerNames.check(name);
    if (!changes.containsKey(name) && !Collections.list(manager.getLoggerNames()).contains(name)) {
      return Optional.empty();
    }
    return Optional.ofNullable(manager.getLogger(name)).map(l -> view(name, l));
  }

  /**
   * Sets the level of a logger (creating it when needed) for {@code minutes} (null: {@value
   * #DEFAULT_MINUTES}).
   *
   * @throws LevelChangeException naming the field when the name, level or minutes are invalid
   */
  public synchronized LoggerLevel set(String name, String levelText, Integer minutes, String by) {
    LoggerNames.check(name);
    Level level =
        JulLevels.parse(levelText)
            .orElseThrow(
                () ->
                    new LevelChangeException(
                        "level",
                        "level must be one of OFF SEVERE WARNING INFO CONFIG FINE FINER FINEST ALL"
                            + " or TRACE DEBUG INFO WARN ERROR"));
    int span = minutes == null ? DEFAULT_MINUTES : minutes;
    if (span < 1 || span > MAX_MINUTES) {
      throw new LevelChangeException("minutes", "minutes must be 1 to " + MAX_MINUTES);
    }
    Change before = changes.get(name);
    Logger logger = before != null ? before.logger() : Logger.getLogger(name);
    Level previous = before != null ? before.previous() : logger.getLevel();
    if (before != null) {
      before.restore().cancel(false);
    }
    logger.setLevel(level);
    long restoreAt = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(span);
    Change change = new Change(logger, previous, level, restoreAt, null);
    ScheduledFuture<?> restore =
        scheduler.schedule(() -> expire(name, change), span, TimeUnit.MINUTES);
    remember(name, new Change(logger, previous, level, restoreAt, restore));
    audit.changed(name, JulLevels.name(level), JulLevels.name(previous), span, by);
    return view(name, logger);
  }

  /** Restores the level an operator's change replaced, now; empty when no change is active. */
  public synchronized Optional<LoggerLevel> restore(String name, String by) {
    Change change = changes.get(LoggerNames.check(name));
    if (change == null) {
      return Optional.empty();
    }
    change.restore().cancel(false);
    undo(name, change);
    audit.restored(name, JulLevels.name(change.previous()), by);
    return Optional.of(view(name, change.logger()));
  }

  private synchronized void expire(String name, Change scheduled) {
    Change current = changes.get(name);
    if (current != null && current.restoreAt() == scheduled.restoreAt()) {
      undo(name, current);
      audit.restored(name, JulLevels.name(current.previous()), null);
    }
  }

  /** At undeploy every change is undone, so the server keeps no level Livelog set. */
  @PreDestroy
  synchronized void restoreAll() {
    for (Map.Entry<String, Change> entry : Map.copyOf(changes).entrySet()) {
      entry.getValue().restore().cancel(false);
      undo(entry.getKey(), entry.getValue());
    }
  }

  /** Whether an operator's change is active on this logger or one of its ancestors. */
  public boolean changed(String loggerName) {
    Set<String> names = changed;
    if (names.isEmpty() || loggerName == null) {
      return false;
    }
    for (String name : names) {
      if (loggerName.startsWith(name)
          && (loggerName.length() == name.length() || loggerName.charAt(name.length()) == '.')) {
        return true;
      }
    }
    return false;
  }

  private void undo(String name, Change change) {
    change.logger().setLevel(change.previous());
    changes.remove(name);
    changed = Set.copyOf(changes.keySet());
  }

  private void remember(String name, Change change) {
    changes.put(name, change);
    changed = Set.copyOf(changes.keySet());
  }

  private LoggerLevel view(String name, Logger logger) {
    Level effective = null;
    for (Logger l = logger; l != null && effective == null; l = l.getParent()) {
      effective = l.getLevel();
    }
    Change change = changes.get(name);
    return new LoggerLevel(
        name,
        JulLevels.name(logger.getLevel()),
        JulLevels.name(effective == null ? Level.INFO : effective),
        change == null ? 0 : change.restoreAt(),
        change == null ? null : JulLevels.name(change.previous()));
  }
}
