package io.livelog.security.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing: after {@value #FREE_FAILURES} failed logins from one client address, each
 * further failure locks that address out for twice as long as the last, up to {@value
 * #MAX_LOCK_SECONDS} s. A success clears the address. Bounded: at most {@value #MAX_CLIENTS}
 * addresses are remembered.
 */
@ApplicationScoped
public class LoginThrottle {

  static final int FREE_FAILURES = 5;
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
          if (failures > FREE_FAILURES) {
            long seconds = Math.min(MAX_LOCK_SECONDS, 1L << Math.min(6, failures - FREE_FAILURES));
            lock = System.currentTimeMillis() + seconds * 1000;
          }
          return new State(failures, lock);
        });
  }

  public void succeeded(String client) {
    clients.remove(client);
  }
}
