package io.livelog.levels.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livelog.events.entity.LogEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogLevelsTest {

  static final String NAME = "io.livelog.test.levels.Orders";

  /** Keeps what was scheduled, to run it when the test says the minutes are over. */
  static final class Scheduler extends ScheduledThreadPoolExecutor {
    final List<Runnable> tasks = new ArrayList<>();
    final List<Long> minutes = new ArrayList<>();

    Scheduler() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
      tasks.add(task);
      minutes.add(unit.toMinutes(delay));
      return super.schedule(() -> {}, 1, TimeUnit.DAYS);
    }
  }

  final Logger logger = Logger.getLogger(NAME);
  final List<LogEvent> audited = new ArrayList<>();
  final Scheduler scheduler = new Scheduler();
  LogLevels cut;

  @BeforeEach
  void setUp() {
    logger.setLevel(Level.WARNING);
    LevelAudit audit = new LevelAudit();
    audit.sink = audited::add;
    cut = new LogLevels();
    cut.scheduler = scheduler;
    cut.audit = audit;
  }

  @AfterEach
  void tearDown() {
    scheduler.shutdownNow();
    logger.setLevel(null);
  }

  @Test
  void aChangeLastsItsMinutesThenTheOldLevelIsBack() {
    LoggerLevel now = cut.set(NAME, "debug", 10, "admin");

    assertThat(logger.getLevel()).isEqualTo(Level.FINE);
    assertThat(now.level()).isEqualTo("FINE");
    assertThat(now.previous()).isEqualTo("WARNING");
    assertThat(now.restoreAt()).isPositive();
    assertThat(scheduler.minutes).containsExactly(10L);
    assertThat(cut.changed(NAME)).isTrue();
    assertThat(cut.changed(NAME + ".Inner")).isTrue();
    assertThat(cut.changed(NAME + "Other")).isFalse();

    scheduler.tasks.get(0).run();

    assertThat(logger.getLevel()).isEqualTo(Level.WARNING);
    assertThat(cut.changed(NAME)).isFalse();
    assertThat(audited).hasSize(2);
    assertThat(audited.get(0).source()).isEqualTo("security");
    assertThat(audited.get(0).message())
        .isEqualTo("admin set logger " + NAME + " to FINE for 10 minutes (was WARNING)");
    assertThat(audited.get(0).fields()).containsEntry("user", "admin");
    assertThat(audited.get(1).message()).contains("restored to WARNING (its change expired)");
  }

  @Test
  void aSecondChangeKeepsTheFirstOnesOriginalAndOnlyTheLastTimerRestores() {
    cut.set(NAME, "FINE", 10, "admin");
    cut.set(NAME, "FINEST", 5, "ops");
    scheduler.tasks.get(0).run(); // the first change's timer: superseded
    assertThat(logger.getLevel()).isEqualTo(Level.FINEST);

    scheduler.tasks.get(1).run();
    assertThat(logger.getLevel()).isEqualTo(Level.WARNING);
  }

  @Test
  void undeployAndAnEarlyRestoreUndoEveryChange() {
    cut.set(NAME, "TRACE", 1, "admin");
    assertThat(cut.restore(NAME, "ops")).isPresent();
    assertThat(logger.getLevel()).isEqualTo(Level.WARNING);
    assertThat(audited.get(1).message()).endsWith("restored to WARNING by ops");
    assertThat(cut.restore(NAME, "ops")).isEmpty();

    Logger.getLogger(NAME + ".Child").setLevel(null);
    cut.set(NAME + ".Child", "ALL", 60, "admin");
    cut.restoreAll();
    assertThat(Logger.getLogger(NAME + ".Child").getLevel()).isNull();
  }

  @Test
  void badNamesLevelsAndMinutesNameTheirField() {
    assertThatThrownBy(() -> cut.set(NAME, "LOUD", 1, "a"))
        .isInstanceOfSatisfying(
            LevelChangeException.class, e -> assertThat(e.field()).isEqualTo("level"));
    assertThatThrownBy(() -> cut.set(NAME, "FINE", 0, "a"))
        .isInstanceOfSatisfying(
            LevelChangeException.class, e -> assertThat(e.field()).isEqualTo("minutes"));
    assertThatThrownBy(() -> cut.set(NAME, "FINE", 1441, "a"))
        .isInstanceOfSatisfying(
            LevelChangeException.class, e -> assertThat(e.field()).isEqualTo("minutes"));
    for (String name : List.of("", "a..b", ".a", "a b", "a/b", "x".repeat(301))) {
      assertThatThrownBy(() -> cut.set(name, "FINE", 1, "a"))
          .as(name)
          .isInstanceOfSatisfying(
              LevelChangeException.class, e -> assertThat(e.field()).isEqualTo("name"));
    }
    assertThat(logger.getLevel()).isEqualTo(Level.WARNING);
    assertThat(audited).isEmpty();
  }

  @Test
  void julAndLivelogNamesAreAcceptedNumbersAreNot() {
    assertThat(JulLevels.parse("warn")).contains(Level.WARNING);
    assertThat(JulLevels.parse("SEVERE")).contains(Level.SEVERE);
    assertThat(JulLevels.parse("config")).contains(Level.CONFIG);
    assertThat(JulLevels.parse("off")).contains(Level.OFF);
    assertThat(JulLevels.parse("800")).isEmpty();
    assertThat(JulLevels.parse(null)).isEmpty();
  }

  @Test
  void theListShowsOwnAndEffectiveLevels() {
    Logger.getLogger(NAME + ".Child").setLevel(null);
    assertThat(cut.list())
        .contains(new LoggerLevel(NAME, "WARNING", "WARNING", 0, null))
        .contains(new LoggerLevel(NAME + ".Child", null, "WARNING", 0, null));
  }
}
