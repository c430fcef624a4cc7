package io.livelog.ingest.boundary;

import io.livelog.events.control.InvalidFilterException;
import io.livelog.ingest.control.Ingest;
import io.livelog.ingest.control.IngestException;
import io.livelog.ingest.control.IngestRefused;
import io.livelog.problem.boundary.Problem;
import io.livelog.store.control.HistoryQuery;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameters;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/logs} takes shippers' events; {@code GET /api/logs} reads history. */
@Path("logs")
@Tag(name = "logs", description = "ingest from shippers and history")
@ApplicationScoped
public class LogsResource {

  static final String NDJSON = Ingest.NDJSON;

  /** The header naming the id a search that ran out of time continues from. */
  static final String SCANNED_TO = "Livelog-Scanned-To";

  @Inject Ingest ingest;
  @Inject HistoryQuery query;

  @POST
  @Consumes({MediaType.APPLICATION_JSON, NDJSON})
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed("livelog-producer")
  @Operation(
      summary = "Ingest events",
      description =
          "One JSON object, a JSON array of objects, or NDJSON (one object a line). Fields:"
              + " message (or msg, log), level (or severity), ts (or @timestamp, timestamp, time:"
              + " ISO-8601 or epoch ms; date: epoch s), logger, source, service, thread, thrown;"
              + " other keys land in fields. Answers 202 with the number accepted.")
  @RequestBody(
      required = true,
      content = {
        @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT)),
        @Content(mediaType = "application/x-ndjson", schema = @Schema(type = SchemaType.STRING))
      })
  @APIResponse(
      responseCode = "202",
      description = "accepted: {\"accepted\": n}",
      content = @Content(mediaType = "application/json"))
  @APIResponse(
      responseCode = "400",
      description = "malformed body or field, named in the problem",
      content = @Content(mediaType = "application/problem+json"))
  @APIResponse(
      responseCode = "401",
      description = "no or bad credentials",
      content = @Content(mediaType = "application/problem+json"))
  @APIResponse(
      responseCode = "403",
      description = "not a livelog-producer",
      content = @Content(mediaType = "application/problem+json"))
  @APIResponse(
      responseCode = "413",
      description = "body above livelog.ingest.maxBytes",
      content = @Content(mediaType = "application/problem+json"))
  @APIResponse(
      responseCode = "415",
      description = "not JSON or NDJSON",
      content = @Content(mediaType = "application/problem+json"))
  @APIResponse(
      responseCode = "503",
      description =
          "the relay queue is full, the store cannot take the events (free disk below"
              + " livelog.store.minFreeBytes, queue full, failed) or did not commit them in time",
      headers = @Header(name = "Retry-After", description = "seconds"),
      content = @Content(mediaType = "application/problem+json"))
  public Response ingest(
      InputStream body,
      @HeaderParam("Content-Type") MediaType type,
      @HeaderParam("Content-Length") Long length)
      throws IOException {
    try {
      int accepted =
          ingest.take(
              body, length == null ? -1 : length, type.isCompatible(MediaType.valueOf(NDJSON)));
      return Response.accepted(Ingest.accepted(accepted))
          .type(MediaType.APPLICATION_JSON_TYPE)
          .build();
    } catch (IngestException e) {
      return Problem.badRequest(e.field(), e.getMessage());
    } catch (IngestRefused e) {
      return IngestProblems.refused(e);
    }
  }

  /**
   * History: events after {@code after} (exclusive), or the newest {@code limit} before {@code
   * before} (exclusive), or without either the newest {@code limit}; oldest first.
   */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed("livelog-viewer")
  @Operation(
      summary = "History",
      description =
          "Events after the id 'after' (exclusive), or the newest 'limit' events before the id"
              + " 'before' (exclusive), or the newest 'limit' events; a JSON array, oldest first."
              + " Ranges older than memory come from the store. A search that spends its time"
              + " budget answers what it found with the header Livelog-Scanned-To: continue"
              + " with after= (or before=, when reading backwards) that id.")
  @Parameters({
    @Parameter(name = "after", in = ParameterIn.QUERY, description = "return events after this id"),
    @Parameter(
        name = "before",
        in = ParameterIn.QUERY,
        description = "return the newest events older than this id"),
    @Parameter(
        name = "limit",
        in = ParameterIn.QUERY,
        description = "at most this many events (1 to 1000, default 100)"),
    @Parameter(
        name = "level",
        in = ParameterIn.QUERY,
        description = "lowest level: TRACE, DEBUG, INFO, WARN or ERROR"),
    @Parameter(
        name = "logger",
        in = ParameterIn.QUERY,
        description = "logger name prefix; repeat for several (any matches)"),
    @Parameter(
        name = "source",
        in = ParameterIn.QUERY,
        description = "source: server, app, ingest, health, security...; repeatable"),
    @Parameter(
        name = "app",
        in = ParameterIn.QUERY,
        description =
            "the deployment a captured record came from (server: the container); repeatable"),
    @Parameter(
        name = "q",
        in = ParameterIn.QUERY,
        description = "case-insensitive substring of the message"),
    @Parameter(
        name = "from",
        in = ParameterIn.QUERY,
        description = "earliest ts, inclusive: ISO-8601 or epoch milliseconds"),
    @Parameter(
        name = "to",
        in = ParameterIn.QUERY,
        description = "latest ts, inclusive: ISO-8601 or epoch milliseconds"),
    @Parameter(
        name = "regex",
        in = ParameterIn.QUERY,
        description = "Java regular expression found in the message (at most 500 characters)")
  })
  @APIResponse(
      responseCode = "200",
      description = "a JSON array of events",
      headers =
          @Header(
              name = SCANNED_TO,
              description = "the search's time budget ran out: the id to continue from"),
      content = @Content(mediaType = "application/json"))
  @APIResponse(
      responseCode = "400",
      description = "a bad filter, id or limit, named in the problem",
      content = @Content(mediaType = "application/problem+json"))
  @APIResponse(
      responseCode = "401",
      description = "not signed in",
      content = @Content(mediaType = "application/problem+json"))
  @APIResponse(
      responseCode = "403",
      description = "not a livelog-viewer",
      content = @Content(mediaType = "application/problem+json"))
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
    try {
      HistoryQuery.Page page =
          query.run(
              new HistoryQuery.Params(
                  after, before, limit, level, loggers, sources, apps, q, from, to, regex));
      Response.ResponseBuilder ok = Response.ok(page.json(), MediaType.APPLICATION_JSON_TYPE);
      page.scannedTo().ifPresent(id -> ok.header(SCANNED_TO, Long.toString(id)));
      return ok.build();
    } catch (InvalidFilterException e) {
      return Problem.badRequest(e.field(), e.getMessage());
    }
  }
}
