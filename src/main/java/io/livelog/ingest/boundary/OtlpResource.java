package io.livelog.ingest.boundary;

import io.livelog.events.entity.LogEvent;
import io.livelog.ingest.control.Ingest;
import io.livelog.ingest.control.IngestException;
import io.livelog.ingest.control.IngestRefused;
import io.livelog.ingest.control.OtlpJson;
import io.livelog.ingest.control.OtlpProtobuf;
import io.livelog.problem.boundary.Problem;
import io.livelog.security.control.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/otlp/v1/logs}: OTLP/HTTP logs from OpenTelemetry SDKs and Collectors, in
 * protobuf or JSON, with the limits and errors of {@code POST /api/logs}; success is OTLP's 200
 * with an empty {@code ExportLogsServiceResponse}.
 */
@Path("otlp/v1/logs")
@Tag(name = "otlp", description = "OTLP/HTTP logs ingest")
@RequestScoped
@RolesAllowed(Roles.PRODUCER)
public class OtlpResource {

  static final String PROTOBUF = "application/x-protobuf";
  static final String JSON = "application/json";

  @Inject Ingest ingest;

  @POST
  @Operation(
      summary = "OTLP/HTTP logs",
      description =
          "An ExportLogsServiceRequest as application/x-protobuf or application/json (OTLP/JSON):"
              + " resource service.name to fields.service, severity to level, body to message,"
              + " attributes to fields, trace and span ids to traceId and spanId.")
  @APIResponse(responseCode = "200", description = "accepted (an empty ExportLogsServiceResponse)")
  @APIResponse(responseCode = "400", description = "not an ExportLogsServiceRequest, named")
  @APIResponse(responseCode = "413", description = "body above livelog.ingest.maxBytes")
  @APIResponse(responseCode = "415", description = "neither protobuf nor JSON")
  @APIResponse(responseCode = "503", description = "the ingest queue is full; retry later")
  public Response export(
      InputStream body,
      @HeaderParam("Content-Type") String type,
      @HeaderParam("Content-Length") Long length)
      throws IOException {
    String media = type == null ? "" : type.split(";")[0].strip().toLowerCase(Locale.ROOT);
    if (!PROTOBUF.equals(media) && !JSON.equals(media)) {
      return Problem.of(
              415,
              "Unsupported Media Type",
              "Content-Type must be application/x-protobuf or application/json",
              "Content-Type")
          .build();
    }
    List<LogEvent> events;
    try {
      byte[] bytes = ingest.read(body, length == null ? -1 : length);
      long now = System.currentTimeMillis();
      events =
          PROTOBUF.equals(media)
              ? OtlpProtobuf.parse(bytes, now)
              : OtlpJson.parse(new String(bytes, StandardCharsets.UTF_8), now);
      ingest.accept(events);
    } catch (IngestException e) {
      return Problem.badRequest(e.field(), e.getMessage());
    } catch (IngestRefused e) {
      return IngestProblems.refused(e);
    }
    return PROTOBUF.equals(media)
        ? Response.ok(new byte[0], PROTOBUF).build()
        : Response.ok("{}", JSON).build();
  }
}
