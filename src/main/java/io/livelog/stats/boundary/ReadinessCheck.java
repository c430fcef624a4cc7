package io.livelog.stats.boundary;

import io.livelog.events.control.EventRelay;
import io.livelog.stream.control.StreamHub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the relay thread runs and the stream hub can take subscribers. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

  @Inject EventRelay relay;
  @Inject StreamHub hub;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("livelog")
        .status(relay.isRunning() && hub.isReady())
        .withData("relayQueued", relay.queued())
        .withData("subscribers", hub.subscribers())
        .build();
  }
}
