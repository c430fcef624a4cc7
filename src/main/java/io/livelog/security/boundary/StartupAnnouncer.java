package io.livelog.security.boundary;

import io.livelog.security.control.ConfigIdentityStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Creates the identity store at start, so a generated admin password is printed at once. */
@ApplicationScoped
public class StartupAnnouncer {

  @Inject ConfigIdentityStore store;

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    store.passwordGenerated();
  }
}
