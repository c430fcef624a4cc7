package io.livelog.security.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns failed logins into {@code security} events that summarise instead of flood: at most one per
 * client address every {@code livelog.security.eventSeconds} (10), carrying how many logins failed
 * and how many the throttle refused since the last one. A name appears only when it is a known user
 * ({@code admin}, or a name that signed in since the start); anything else is shown as {@value
 * #UNKNOWN}, since a password typed into the wrong field must never reach every viewer.
 *
 * <p>Nothing is dropped silently: the first failure of a quiet address is reported at once, later
 * ones when their period is over (a flush runs on the container's scheduler), and when more than
 * {@value #MAX_ADDRESSES} addresses are pending at once, the evicted ones' counts go to one summary
 * for "other addresses".
 */
@ApplicationScoped
public class LoginAudit {

  static final String UNKNOWN = "(unknown)";
  static final String TOKEN = "(bearer token)";
  static final String OTHERS = "other addresses";
  static final int MAX_ADDRESSES = 10_000;
  private static final int MAX_NAMES = 5;

  @Inject
  @ConfigProperty(name = "livelog.security.eventSeconds", defaultValue = "10")
  long eventSeconds;

  @Inject Event<LogEvent> events;

  @Resource ManagedScheduledExecutorService scheduler;

  Ticker ticker = Ticker.systemTicker();
  Consumer<LogEvent> sink;
  private Cache<String, Tally> tallies;
  private Cache<String, Boolean> knownUsers;
  private final Tally others = new Tally();
  private ScheduledFuture<?> flushing;

  /** What one address did since its last summary. Guarded by itself. */
  private static final class Tally {
    long failures;
    long refused;
    long lastEventNanos;
    boolean reported;
    final Set<String> names = new LinkedHashSet<>();

    boolean pending() {
      return failures + refused > 0;
    }
  }

  @PostConstruct
  void init() {
    if (sink == null) {
      sink = events::fire;
    }
    long period = TimeUnit.SECONDS.toNanos(Math.max(1, eventSeconds));
    tallies =
        Caffeine.newBuilder()
            .maximumSize(MAX_ADDRESSES)
            .expireAfterAccess(Duration.ofNanos(Math.max(period * 6, TimeUnit.MINUTES.toNanos(1))))
            .ticker(ticker)
            .executor(Runnable::run)
            .removalListener(this::removed)
            .build();
    knownUsers = Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).build();
    knownUsers.put(ConfigIdentityStore.ADMIN, Boolean.TRUE);
    if (scheduler != null) {
      long every = Math.max(500, TimeUnit.NANOSECONDS.toMillis(period) / 2);
      flushing = scheduler.scheduleAtFixedRate(this::flush, every, every, TimeUnit.MILLISECONDS);
    }
  }

  @PreDestroy
  void stop() {
    if (flushing != null) {
      flushing.cancel(false);
    }
  }

  /** A login with these credentials failed; {@code user} is null for a bearer token. */
  public void failed(String address, String user) {
    record(address, user, true);
  }

  /** The throttle refused an attempt unchecked. */
  public void refused(String address, String user) {
    record(address, user, false);
  }

  /** This user signed in: from now on, its name may appear in summaries. */
  public void succeeded(String user) {
    if (user != null) {
      knownUsers.put(user, Boolean.TRUE);
    }
  }

  private void record(String address, String user, boolean failed) {
    String name = user == null ? TOKEN : knownUsers.getIfPresent(user) != null ? user : UNKNOWN;
    Tally tally = tallies.get(address, key -> new Tally());
    LogEvent summary;
    synchronized (tally) {
      if (failed) {
        tally.failures++;
      } else {
        tally.refused++;
      }
      if (tally.names.size() < MAX_NAMES) {
        tally.names.add(name);
      }
      summary = due(address, tally);
    }
    emit(summary);
  }

  /** Emits the summaries whose period is over. */
  public void flush() {
    tallies
        .asMap()
        .forEach(
            (address, tally) -> {
              LogEvent summary;
              synchronized (tally) {
                summary = due(address, tally);
              }
              emit(summary);
            });
    LogEvent summary;
    synchronized (others) {
      summary = due(OTHERS, others);
    }
    emit(summary);
    tallies.cleanUp();
  }

  /** The summary to emit now, resetting the tally, or null. The caller holds the tally's lock. */
  private LogEvent due(String address, Tally tally) {
    long now = ticker.read();
    boolean periodOver =
        !tally.reported || now - tally.lastEventNanos >= TimeUnit.SECONDS.toNanos(eventSeconds);
    if (!tally.pending() || !periodOver) {
      return null;
    }
    LogEvent summary = summary(address, tally);
    tally.failures = 0;
    tally.refused = 0;
    tally.names.clear();
    tally.lastEventNanos = now;
    tally.reported = true;
    return summary;
  }

  private void removed(String address, Tally tally, RemovalCause cause) {
    if (tally == null) {
      return;
    }
    LogEvent summary = null;
    synchronized (tally) {
      if (!tally.pending()) {
        return;
      }
      if (cause == RemovalCause.EXPIRED) {
        tally.reported = false;
        summary = due(address, tally);
      } else {
        synchronized (others) {
          others.failures += tally.failures;
          others.refused += tally.refused;
          others.names.add(UNKNOWN);
        }
      }
    }
    emit(summary);
  }

  private static LogEvent summary(String address, Tally tally) {
    StringBuilder message =
        new StringBuilder()
            .append(tally.failures)
            .append(tally.failures == 1 ? " failed login" : " failed logins")
            .append(" from ")
            .append(address)
            .append(" (users: ")
            .append(String.join(", ", tally.names))
            .append(')');
    if (tally.refused > 0) {
      message.append("; ").append(tally.refused).append(" more refused by the throttle");
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("remote", address);
    fields.put("failures", tally.failures);
    fields.put("refused", tally.refused);
    fields.put("users", String.join(", ", tally.names));
    return new LogEvent(
        null,
        System.currentTimeMillis(),
        Level.WARN,
        LoginAudit.class.getName(),
        "security",
        null,
        null,
        message.toString(),
        null,
        fields);
  }

  private void emit(LogEvent summary) {
    if (summary != null) {
      sink.accept(summary);
    }
  }
}
