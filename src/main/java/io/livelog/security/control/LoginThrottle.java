package io.livelog.security.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Slows down guessing per client address, whatever user names it tries: after {@code
 * livelog.login.freeFailures} (10) failed logins from one address, that address is locked out for 1
 * s, and each further failure locks it for twice as long as the last, up to {@value
 * #MAX_LOCK_SECONDS} s; while locked, its attempts are refused unchecked (429). A user is never
 * locked out for other addresses, and a success does not wipe the count (so a guesser with one
 * valid account cannot reset it).
 *
 * <p>The table is bounded ({@value #MAX_ADDRESSES} addresses) and each address is forgotten {@value
 * #FORGET_MINUTES} minutes after its last failure, one by one (Caffeine), never all at once.
 */
@ApplicationScoped
public class LoginThrottle {

  static final long MAX_LOCK_SECONDS = 60;
  static final int MAX_ADDRESSES = 100_000;
  static final long FORGET_MINUTES = 15;

  @Inject
  @ConfigProperty(name = "livelog.login.freeFailures", defaultValue = "10")
  int freeFailures;

  Ticker ticker = Ticker.systemTicker();
  private Cache<String, State> addresses;

  private record State(int failures, long lockedUntilNanos) {}

  @PostConstruct
  void init() {
    addresses =
        Caffeine.newBuilder()
            .maximumSize(MAX_ADDRESSES)
            .expireAfterWrite(Duration.ofMinutes(FORGET_MINUTES))
            .ticker(ticker)
            .executor(Runnable::run)
            .build();
  }

  /** Seconds this address must still wait, or 0 when it may try. */
  public long waitSeconds(String address) {
    State state = addresses.getIfPresent(address);
    if (state == null) {
      return 0;
    }
    long wait = state.lockedUntilNanos() - ticker.read();
    return wait <= 0 ? 0 : TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999L);
  }

  /** Counts a failed login from this address. */
  public void failed(String address) {
    addresses
        .asMap()
        .compute(
            address,
            (key, state) -> {
              int failures = state == null ? 1 : Math.min(state.failures() + 1, 1_000_000);
              long lockedUntil = 0;
              if (failures >= freeFailures) {
                long seconds =
                    Math.min(MAX_LOCK_SECONDS, 1L << Math.min(20, failures - freeFailures));
                lockedUntil = ticker.read() + TimeUnit.SECONDS.toNanos(seconds);
              }
              return new State(failures, lockedUntil);
            });
  }

  /** Addresses currently remembered (for tests). */
  long size() {
    addresses.cleanUp();
    return addresses.estimatedSize();
  }
}
