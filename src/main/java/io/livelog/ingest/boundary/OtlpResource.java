package io.livelog.ingest.boundary;

import io.livelog.events.entity.LogEvent;
import io.livelog.ingest.control.BatchIntake;
import io.livelog.ingest.control.IngestException;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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

  @Inject BatchIntake intake;

  @Inject
  @ConfigProperty(name = "livelog.ingest.maxBytes", defaultValue = "1048576")
  long maxBytes;

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
    if (length != null && length > maxBytes) {
      return tooLarge();
    }
    byte[] bytes = readAtMost(body, maxBytes);
    if (bytes == null) {
      return tooLarge();
    }
    List<LogEvent> events;
    try {
      long now = System.currentTimeMillis();
      events =
          PROTOBUF.equals(media)
              ? OtlpProtobuf.parse(bytes, now)
              : OtlpJson.parse(new String(bytes, StandardCharsets.UTF_8), now);
    } catch (IngestException e) {
      return Problem.badRequest(e.field(), e.getMessage());
    }
    return switch (intake.submit(events)) {
      case ACCEPTED ->
          PROTOBUF.equals(media)
              ? Response.ok(new byte[0], PROTOBUF).build()
              : Response.ok("{}", JSON).build();
      case TOO_MANY ->
          Problem.of(
                  413,
                  "Payload too large",
                  "a request may hold at most " + intake.capacity() + " log records; split it")
              .build();
      case FULL ->
          Problem.unavailable(
              1, "the records were not taken: the ingest queue is full; retry shortly");
    };
  }

  private Response tooLarge() {
    return Problem.of(413, "Payload too large", "the body is larger than " + maxBytes + " bytes")
        .build();
  }

  /** The body, or null when it is longer than {@code limit} bytes. */
  private static byte[] readAtMost(InputStream in, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) != -1) {
      total += n;
      if (total > limit) {
        return null;
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
