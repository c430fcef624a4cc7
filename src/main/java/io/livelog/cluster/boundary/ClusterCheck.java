package io.livelog.cluster.boundary;

import io.livelog.cluster.control.ClusterRelay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of this node's place in the cluster: DOWN when its data grid member stopped, reading
 * the cluster's log fails, or the grid shows fewer members than {@code livelog.cluster.minMembers}
 * (a node cut off from the others), so a balancer can send its browsers elsewhere. Always UP on a
 * single node.
 */
@Readiness
@ApplicationScoped
public class ClusterCheck implements HealthCheck {

  @Inject ClusterRelay cluster;

  @Override
  public HealthCheckResponse call() {
    boolean healthy = cluster.healthy();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("livelog-cluster")
            .status(healthy)
            .withData("mode", cluster.active() ? "cluster" : "single")
            .withData("members", cluster.members())
            .withData("lag", cluster.lag())
            .withData("appendQueued", cluster.appendQueued());
    if (!healthy) {
      response.withData("problem", cluster.problem());
    }
    return response.build();
  }
}
