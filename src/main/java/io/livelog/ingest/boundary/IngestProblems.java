package io.livelog.ingest.boundary;

import io.livelog.ingest.control.IngestRefused;
import io.livelog.problem.boundary.Problem;
import jakarta.ws.rs.core.Response;

/** The JAX-RS answer to a refused ingest (413, or 503 with {@code Retry-After}). */
final class IngestProblems {

  private IngestProblems() {}

  static Response refused(IngestRefused e) {
    Response.ResponseBuilder problem = Problem.of(e.status(), e.title(), e.getMessage());
    if (e.retryAfterSeconds() > 0) {
      problem.header("Retry-After", Long.toString(e.retryAfterSeconds()));
    }
    return problem.build();
  }
}
