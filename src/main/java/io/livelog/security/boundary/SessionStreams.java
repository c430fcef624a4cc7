package io.livelog.security.boundary;

import io.livelog.stream.control.StreamHub;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Streams end with their session: when a session times out or is invalidated (logout, a new
 * sign-in), its streams are closed, so nobody keeps reading logs on a session that is over. {@code
 * livelog.session.timeoutSeconds}, when set, replaces web.xml's session timeout.
 */
@WebListener
public class SessionStreams implements HttpSessionListener {

  @Inject StreamHub hub;

  @Inject
  @ConfigProperty(name = "livelog.session.timeoutSeconds")
  Optional<Integer> timeoutSeconds;

  @Override
  public void sessionCreated(HttpSessionEvent event) {
    timeoutSeconds
        .filter(seconds -> seconds > 0)
        .ifPresent(seconds -> event.getSession().setMaxInactiveInterval(seconds));
  }

  @Override
  public void sessionDestroyed(HttpSessionEvent event) {
    hub.closeSession(event.getSession().getId());
  }
}
