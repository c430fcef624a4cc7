package io.livelog.security.boundary;

import io.livelog.stream.control.StreamHub;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Streams end with their session: when a session ends (logout, timeout, invalidation, a new
 * sign-in) its streams are closed, so nobody keeps reading logs on a session that is over.
 *
 * <p>The container does not time out a session while one of its requests is still running, and a
 * stream is such a request for hours. So this listener also looks at the live sessions every few
 * seconds and invalidates those idle for longer than their timeout; a stream's own request counts
 * as activity only when it starts. {@code livelog.session.timeoutSeconds}, when set, replaces
 * web.xml's session timeout.
 */
@WebListener
public class SessionStreams implements HttpSessionListener, ServletContextListener {

  @Inject StreamHub hub;

  @Inject
  @ConfigProperty(name = "livelog.session.timeoutSeconds")
  Optional<Integer> timeoutSeconds;

  @Resource ManagedScheduledExecutorService scheduler;

  private final Map<String, HttpSession> sessions = new ConcurrentHashMap<>();
  private ScheduledFuture<?> sweeping;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    int timeout =
        timeoutSeconds
            .filter(seconds -> seconds > 0)
            .orElse(event.getServletContext().getSessionTimeout() * 60);
    long every = Math.max(1, Math.min(30, timeout / 4));
    sweeping = scheduler.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.SECONDS);
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    if (sweeping != null) {
      sweeping.cancel(false);
    }
  }

  @Override
  public void sessionCreated(HttpSessionEvent event) {
    HttpSession session = event.getSession();
    timeoutSeconds
        .filter(seconds -> seconds > 0)
        .ifPresent(seconds -> session.setMaxInactiveInterval(seconds));
    sessions.put(session.getId(), session);
  }

  @Override
  public void sessionDestroyed(HttpSessionEvent event) {
    sessions.remove(event.getSession().getId());
    hub.closeSession(event.getSession().getId());
  }

  /** Invalidates sessions idle for longer than their timeout, which closes their streams. */
  void sweep() {
    long now = System.currentTimeMillis();
    sessions.forEach(
        (id, session) -> {
          try {
            int timeout = session.getMaxInactiveInterval();
            if (timeout > 0 && now - session.getLastAccessedTime() > timeout * 1000L) {
              session.invalidate();
            }
          } catch (IllegalStateException alreadyInvalid) {
            sessions.remove(id);
            hub.closeSession(id);
          }
        });
  }
}
