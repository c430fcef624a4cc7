package io.livelog.events.boundary;

import io.livelog.events.control.InvalidFilterException;
import io.livelog.problem.boundary.Problem;
import io.livelog.security.control.Roles;
import io.livelog.store.control.HistoryQuery;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code GET /api/logs}: events after {@code after} (exclusive), or the newest {@code limit} before
 * {@code before} (exclusive), or without either the newest {@code limit}; oldest first. Maps the
 * query to {@link HistoryQuery} and its refusals to 400 problem+json; nothing more. Usually reached
 * through {@link HistoryFilter}, which calls the same method before JAX-RS (ADR 0016). Described in
 * {@code META-INF/openapi.yaml}.
 */
@Path("logs")
@ApplicationScoped
public class HistoryResource {

  /** The header naming the id a search that ran out of time continues from. */
  public static final String SCANNED_TO = "Livelog-Scanned-To";

  @Inject HistoryQuery query;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.VIEWER)
  public Response history(
      @QueryParam("after") String after,
      @QueryParam("before") String before,
      @QueryParam("limit") String limit,
      @QueryParam("level") String level,
      @QueryParam("logger") List<String> loggers,
      @QueryParam("source") List<String> sources,
      @QueryParam("app") List<String> apps,
      @QueryParam("q") String q,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("regex") String regex) {
    HistoryQuery.Page page;
    try {
      page =
          query.run(
              new HistoryQuery.Params(
                  after, before, limit, level, loggers, sources, apps, q, from, to, regex));
    } catch (InvalidFilterException e) {
      return Problem.badRequest(e.field(), e.getMessage());
    }
    Response.ResponseBuilder ok = Response.ok(page.json(), MediaType.APPLICATION_JSON_TYPE);
    page.scannedTo().ifPresent(id -> ok.header(SCANNED_TO, Long.toString(id)));
    return ok.build();
  }
}
