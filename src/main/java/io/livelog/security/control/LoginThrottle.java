package io.livelog.security.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Slows down guessing: after {@code livelog.login.freeFailures} (5) failed logins for one user from
 * one client address, each further failure locks that pair out for twice as long as the last, up to
 * {@value #MAX_LOCK_SECONDS} s; while locked, attempts are refused unchecked (429). A success
 * clears the pair. Bounded: at most {@value #MAX_CLIENTS} pairs are remembered.
 */
@ApplicationScoped
public class LoginThrottle {

  @Inject
  @ConfigProperty(name = "livelog.login.freeFailures", defaultValue = "5")
  int freeFailures;

  static final long MAX_LOCK_SECONDS = 60;
  private static final int MAX_CLIENTS = 10_000;

  private record State(int failures, long lockedUntilMillis) {}

  private final ConcurrentHashMap<String, State> clients = new ConcurrentHashMap<>();

  /** Seconds the client must still wait, or 0 when it may try. */
  public long waitSeconds(String client) {
    State state = clients.get(client);
    if (state == null) {
      return 0;
    }
    long wait = state.lockedUntilMillis() - System.currentTimeMillis();
    return wait <= 0 ? 0 : (wait + 999) / 1000;
  }

  public void failed(String client) {
    if (clients.size() >= MAX_CLIENTS) {
      clients.clear();
    }
    clients.compute(
        client,
        (key, state) -> {
          int failures = state == null ? 1 : state.failures() + 1;
          long lock = 0;
          if (failures > freeFailures) {
            long seconds = Math.min(MAX_LOCK_SECONDS, 1L << Math.min(6, failures - freeFailures));
            lock = System.currentTimeMillis() + seconds * 1000;
          }
          return new State(failures, lock);
        });
  }

  public void succeeded(String client) {
    clients.remove(client);
  }
}
