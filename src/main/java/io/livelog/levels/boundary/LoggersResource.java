package io.livelog.levels.boundary;

import io.livelog.events.control.JsonFactories;
import io.livelog.levels.control.LevelChangeException;
import io.livelog.levels.control.LogLevels;
import io.livelog.levels.control.LoggerLevel;
import io.livelog.problem.boundary.Problem;
import io.livelog.security.boundary.OperatorRequests;
import io.livelog.security.control.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/loggers}: the server's loggers with their levels, and an operator's temporary change
 * of one ({@code PUT {"level":"FINE","minutes":10}}, {@code DELETE} restores early).
 */
@Path("loggers")
@Tag(name = "loggers", description = "live log levels (livelog-operator)")
@RequestScoped
@RolesAllowed(Roles.OPERATOR)
public class LoggersResource {

  @Inject LogLevels levels;
  @Context SecurityContext security;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Every logger: name, level (absent: inherited), effectiveLevel")
  @APIResponse(responseCode = "403", description = "not a livelog-operator")
  public String list() {
    JsonArrayBuilder out = JsonFactories.array();
    levels.list().forEach(logger -> out.add(json(logger)));
    return out.build().toString();
  }

  @GET
  @Path("{name}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "One logger; restoreAt and previous while an operator's change lasts")
  @APIResponse(responseCode = "404", description = "no logger of that name")
  public Response get(@PathParam("name") String name) {
    try {
      return levels
          .get(name)
          .map(logger -> Response.ok(json(logger).build().toString(), MediaType.APPLICATION_JSON))
          .orElseGet(() -> notFound(name))
          .build();
    } catch (LevelChangeException e) {
      return Problem.badRequest(e.field(), e.getMessage());
    }
  }

  @PUT
  @Path("{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Set a logger's level for a while",
      description =
          "{\"level\":\"FINE\",\"minutes\":10}: a JUL level or TRACE..ERROR, 1 to 1440 minutes"
              + " (default 10); restored after that, on DELETE, and at undeploy.")
  @APIResponse(responseCode = "200", description = "the logger as it is now")
  @APIResponse(responseCode = "400", description = "a bad name, level or minutes, named")
  public Response set(@PathParam("name") String name, String body) {
    try {
      JsonObject request = read(body);
      return ok(levels.set(name, text(request, "level"), minutes(request), user()));
    } catch (LevelChangeException e) {
      return Problem.badRequest(e.field(), e.getMessage());
    }
  }

  @DELETE
  @Path("{name}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Restore the level an operator's change replaced, now")
  @APIResponse(responseCode = "404", description = "no change of that logger is active")
  public Response restore(@PathParam("name") String name) {
    try {
      return levels.restore(name, user()).map(this::ok).orElseGet(() -> notFound(name).build());
    } catch (LevelChangeException e) {
      return Problem.badRequest(e.field(), e.getMessage());
    }
  }

  private Response ok(LoggerLevel logger) {
    return Response.ok(json(logger).build().toString(), MediaType.APPLICATION_JSON).build();
  }

  private static Response.ResponseBuilder notFound(String name) {
    return Problem.of(404, "Not found", "no logger " + name + " here", "name");
  }

  private String user() {
    return OperatorRequests.caller(security);
  }

  private static JsonObject read(String body) {
    return OperatorRequests.jsonObject(body)
        .orElseThrow(() -> new LevelChangeException("body", "the body must be a JSON object"));
  }

  private static String text(JsonObject request, String field) {
    JsonValue value = request.get(field);
    if (value instanceof JsonString string) {
      return string.getString();
    }
    throw new LevelChangeException(field, field + " must be a string");
  }

  private static Integer minutes(JsonObject request) {
    JsonValue value = request.get("minutes");
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonNumber number && number.isIntegral()) {
      long minutes = number.longValue();
      return minutes > Integer.MAX_VALUE || minutes < 0 ? -1 : (int) minutes;
    }
    throw new LevelChangeException("minutes", "minutes must be a whole number");
  }

  private static JsonObjectBuilder json(LoggerLevel logger) {
    JsonObjectBuilder out = JsonFactories.object().add("name", logger.name());
    if (logger.level() != null) {
      out.add("level", logger.level());
    }
    out.add("effectiveLevel", logger.effectiveLevel());
    if (logger.restoreAt() > 0) {
      out.add("restoreAt", logger.restoreAt());
      out.add("previous", logger.previous() == null ? "inherited" : logger.previous());
    }
    return out;
  }
}
