package io.livelog.ingest.boundary;

import io.livelog.security.boundary.RoleGatedFilter;
import io.livelog.security.control.Roles;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import java.io.IOException;

/**
 * {@code POST /api/logs} answered before JAX-RS ({@link RoleGatedFilter}, ADR 0016): a single-event
 * POST is what shippers and log appenders send hundreds of times a second. Calls {@link
 * IngestResource}'s one mapping.
 */
@WebFilter(urlPatterns = {"/api/logs", "/api/logs/"})
public class IngestFilter extends RoleGatedFilter {

  private static final long serialVersionUID = 1L;

  @Inject transient IngestResource ingest;

  public IngestFilter() {
    super("POST", Roles.PRODUCER, "ingest");
  }

  @Override
  protected Response answer(HttpServletRequest request) throws IOException {
    long length = request.getContentLengthLong();
    return ingest.ingest(
        request.getInputStream(), request.getContentType(), length < 0 ? null : length);
  }
}
