package io.livelog.alerts.boundary;

import io.livelog.alerts.control.AlertRule;
import io.livelog.alerts.control.Alerting;
import io.livelog.alerts.control.RuleSyntax;
import io.livelog.events.control.JsonFactories;
import io.livelog.problem.boundary.Problem;
import io.livelog.security.boundary.OperatorRequests;
import io.livelog.security.control.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/alerts}: the alert rules; an operator replaces them all with one PUT. */
@Path("alerts")
@Tag(name = "alerts", description = "alert rules (livelog-operator)")
@RequestScoped
@RolesAllowed(Roles.OPERATOR)
public class AlertsResource {

  @Inject Alerting alerting;
  @Context SecurityContext security;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "The alert rules and who set them",
      description =
          "{\"rules\":[{\"name\":..,\"rule\":..,\"count\":..,\"level\":..,\"logger\":..,"
              + "\"where\":{..},\"windowSeconds\":..}],\"setBy\":\"configuration\"|USER,"
              + "\"setAt\":MS}")
  public String rules() {
    JsonArrayBuilder rules = JsonFactories.array();
    for (AlertRule rule : alerting.rules()) {
      JsonObjectBuilder where = JsonFactories.object();
      rule.where().forEach(where::add);
      JsonObjectBuilder json =
          JsonFactories.object()
              .add("name", rule.name())
              .add("rule", rule.description())
              .add("count", rule.count())
              .add("level", rule.minLevel().name())
              .add("logger", rule.loggerPrefix())
              .add("where", where)
              .add("windowSeconds", rule.windowSeconds());
      if (rule.text() != null) {
        json.add("containing", rule.text());
      }
      rules.add(json);
    }
    Alerting.Origin origin = alerting.origin();
    JsonObjectBuilder answer = JsonFactories.object().add("rules", rules);
    if (origin.by() == null) {
      answer.add("setBy", "configuration");
    } else {
      answer.add("setBy", origin.by()).add("setAt", origin.ts());
    }
    return answer.build().toString();
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Replace every alert rule",
      description =
          "{\"rules\":[\"orders: 5 ERROR from com.acme. in 60 s\"]}: each rule [NAME:] COUNT"
              + " LEVEL [from PREFIX] [containing TEXT] [where FIELD=VALUE]... in N [s|m]."
              + " Saved before they apply, so they survive a restart.")
  @APIResponse(responseCode = "200", description = "the rules now")
  @APIResponse(responseCode = "400", description = "a rule that does not parse, named")
  @APIResponse(responseCode = "500", description = "the rules could not be saved; none changed")
  public Response replace(String body) {
    Optional<JsonObject> request = OperatorRequests.jsonObject(body);
    if (request.isEmpty()) {
      return Problem.badRequest("body", "the body must be a JSON object with rules");
    }
    JsonValue rules = request.get().get("rules");
    if (!(rules instanceof JsonArray array) || array.size() > RuleSyntax.MAX_RULES) {
      return Problem.badRequest(
          "rules", "rules must be an array of at most " + RuleSyntax.MAX_RULES + " strings");
    }
    List<AlertRule> parsed = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.get(i) instanceof JsonString text)) {
        return Problem.badRequest("rules[" + i + "]", "each rule is a string");
      }
      try {
        parsed.add(RuleSyntax.parse(text.getString()));
      } catch (IllegalArgumentException e) {
        return Problem.badRequest("rules[" + i + "]", e.getMessage());
      }
    }
    String user = OperatorRequests.caller(security);
    try {
      alerting.replace(parsed, user);
    } catch (IOException e) {
      return Problem.of(
              500,
              "Rules not saved",
              "the rules could not be saved, so nothing changed: " + e.getMessage(),
              "rules")
          .build();
    }
    return Response.ok(rules(), MediaType.APPLICATION_JSON).build();
  }
}
