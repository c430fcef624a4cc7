package io.livelog.metrics.boundary;

import io.livelog.metrics.control.Metrics;
import io.livelog.problem.boundary.Problem;
import io.livelog.security.control.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/metrics}: Prometheus text format, OpenMetrics when the {@code Accept} header asks
 * for {@code application/openmetrics-text}. Viewers only, unless {@code livelog.metrics.public} is
 * true (web.xml leaves the path open to the container so that this class decides).
 */
@Path("metrics")
@Tag(name = "metrics", description = "counters for Prometheus")
@RequestScoped
@PermitAll
public class MetricsResource {

  @Inject Metrics metrics;
  @Context SecurityContext security;

  @Inject
  @ConfigProperty(name = "livelog.metrics.public", defaultValue = "false")
  boolean open;

  @GET
  @Operation(
      summary = "Metrics for Prometheus",
      description =
          "livelog_events_in_total, livelog_events_recorded_total{source,level},"
              + " livelog_events_out_total, livelog_dropped_total{reason}, livelog_subscribers,"
              + " livelog_filter_groups, livelog_history_events, livelog_history_size_bytes,"
              + " livelog_store_events, livelog_store_size_bytes, livelog_store_queued_bytes,"
              + " livelog_store_lag_seconds, livelog_relay_queued, livelog_record_delay_seconds,"
              + " livelog_cluster_members, livelog_cluster_lag, livelog_cluster_append_queued,"
              + " livelog_alerts_total{rule}, livelog_alerts_webhook_total{outcome},"
              + " livelog_uptime_seconds, process_cpu_seconds_total and Micrometer's JVM meters;"
              + " Prometheus text format 0.0.4 or OpenMetrics 1.0 on Accept:"
              + " application/openmetrics-text.")
  @APIResponse(
      responseCode = "200",
      description = "the metrics",
      content = {
        @Content(mediaType = "text/plain"),
        @Content(mediaType = "application/openmetrics-text")
      })
  @APIResponse(responseCode = "401", description = "not signed in (unless public)")
  @APIResponse(responseCode = "403", description = "not a livelog-viewer (unless public)")
  public Response metrics(@HeaderParam("Accept") String accept) {
    if (!open && !security.isUserInRole(Roles.VIEWER)) {
      if (security.getUserPrincipal() == null) {
        return Problem.of(401, "Unauthorized", "authentication required")
            .header("WWW-Authenticate", "Basic realm=\"livelog\", Bearer realm=\"livelog\"")
            .build();
      }
      return Problem.of(403, "Forbidden", "metrics need the livelog-viewer role").build();
    }
    String type = Metrics.contentType(accept);
    return Response.ok(metrics.scrape(type)).header("Content-Type", type).build();
  }
}
