package io.livelog.ingest.boundary;

import io.livelog.ingest.control.Ingest;
import io.livelog.ingest.control.IngestException;
import io.livelog.ingest.control.IngestRefused;
import io.livelog.problem.boundary.Problem;
import io.livelog.security.control.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code POST /api/logs}: shippers' events as JSON (one object or an array) or NDJSON. Maps the
 * body to {@link Ingest} and its refusals to problem+json (400 naming the field, 413, 415, 503 with
 * {@code Retry-After}). The media type is checked here, after the role and before the body is read,
 * by {@link Ingest#ndjson}'s rule, so both doors (JAX-RS and {@link IngestFilter}, ADR 0016) refuse
 * alike; no {@code @Consumes}, which would let JAX-RS answer a missing or odd type its own way.
 * Described in {@code META-INF/openapi.yaml}.
 */
@Path("logs")
@ApplicationScoped
public class IngestResource {

  @Inject Ingest ingest;

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.PRODUCER)
  public Response ingest(
      InputStream body,
      @HeaderParam("Content-Type") String contentType,
      @HeaderParam("Content-Length") Long length)
      throws IOException {
    Boolean ndjson = Ingest.ndjson(contentType);
    if (ndjson == null) {
      return Problem.of(
              415,
              "Unsupported Media Type",
              contentType == null || contentType.isBlank()
                  ? "a Content-Type is required: application/json or application/x-ndjson"
                  : "Content-Type must be application/json or application/x-ndjson",
              "Content-Type")
          .build();
    }
    try {
      int accepted = ingest.take(body, length == null ? -1 : length, ndjson);
      return Response.accepted(Ingest.accepted(accepted))
          .type(MediaType.APPLICATION_JSON_TYPE)
          .build();
    } catch (IngestException e) {
      return Problem.badRequest(e.field(), e.getMessage());
    } catch (IngestRefused e) {
      return IngestProblems.refused(e);
    }
  }
}
