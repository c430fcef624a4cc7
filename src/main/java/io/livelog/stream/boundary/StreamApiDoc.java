package io.livelog.stream.boundary;

import static org.eclipse.microprofile.openapi.OASFactory.createAPIResponse;
import static org.eclipse.microprofile.openapi.OASFactory.createAPIResponses;
import static org.eclipse.microprofile.openapi.OASFactory.createContent;
import static org.eclipse.microprofile.openapi.OASFactory.createHeader;
import static org.eclipse.microprofile.openapi.OASFactory.createMediaType;
import static org.eclipse.microprofile.openapi.OASFactory.createObject;
import static org.eclipse.microprofile.openapi.OASFactory.createOpenAPI;
import static org.eclipse.microprofile.openapi.OASFactory.createOperation;
import static org.eclipse.microprofile.openapi.OASFactory.createParameter;
import static org.eclipse.microprofile.openapi.OASFactory.createPathItem;
import static org.eclipse.microprofile.openapi.OASFactory.createPaths;

import org.eclipse.microprofile.openapi.OASModelReader;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.tags.Tag;

/**
 * The OpenAPI description of {@code GET /api/stream}, which a servlet serves ({@link
 * StreamServlet}), so no JAX-RS annotation describes it; named by {@code mp.openapi.model.reader}
 * and merged with the annotated resources by the server's MicroProfile OpenAPI. No schema types:
 * their model method differs between MicroProfile OpenAPI 3.1 (Payara) and 4 (WildFly).
 */
public class StreamApiDoc implements OASModelReader {

  @Override
  public OpenAPI buildModel() {
    return createOpenAPI()
        .addTag(createObject(Tag.class).name("stream").description("the live event stream"))
        .paths(createPaths().addPathItem("/api/stream", createPathItem().GET(stream())));
  }

  private static org.eclipse.microprofile.openapi.models.Operation stream() {
    return createOperation()
        .addTag("stream")
        .summary("Live log events as Server-Sent Events")
        .description(
            "Opens with retry: and an unnamed event naming the node; then event: logs (data: a"
                + " JSON array of consecutive events, id: the last one's id), event: metric"
                + " (health samples), event: alert, event: gap (data: {\"from\", \"to\","
                + " \"missed\"} before a replay that lost events), and a ': ping' comment on idle"
                + " streams. Resume with Last-Event-ID.")
        .addParameter(
            parameter(
                "Last-Event-ID",
                Parameter.In.HEADER,
                "resume after this event id (sent by EventSource on reconnect)"))
        .addParameter(
            parameter(
                "lastEventId",
                Parameter.In.QUERY,
                "resume after this event id (when the header cannot be set)"))
        .addParameter(
            parameter(
                "level", Parameter.In.QUERY, "lowest level: TRACE, DEBUG, INFO, WARN or ERROR"))
        .addParameter(
            parameter(
                "logger",
                Parameter.In.QUERY,
                "logger name prefix; repeat for several (any matches)"))
        .addParameter(
            parameter(
                "source",
                Parameter.In.QUERY,
                "source: server, app, ingest, health, security...; repeatable"))
        .addParameter(
            parameter(
                "app",
                Parameter.In.QUERY,
                "the deployment a captured record came from (server: the container); repeatable"))
        .addParameter(
            parameter("q", Parameter.In.QUERY, "case-insensitive substring of the message"))
        .responses(
            createAPIResponses()
                .addAPIResponse(
                    "200",
                    createAPIResponse()
                        .description("the stream")
                        .content(
                            createContent().addMediaType("text/event-stream", createMediaType())))
                .addAPIResponse("400", problem("a bad filter or event id, named in the problem"))
                .addAPIResponse("401", problem("not signed in"))
                .addAPIResponse("403", problem("not a livelog-viewer"))
                .addAPIResponse(
                    "429",
                    problem("this identity has its share of streams open; retry later")
                        .addHeader("Retry-After", createHeader().description("seconds")))
                .addAPIResponse(
                    "503",
                    problem("too many streams or distinct filters on this node; retry later")
                        .addHeader("Retry-After", createHeader().description("seconds"))));
  }

  private static Parameter parameter(String name, Parameter.In in, String description) {
    return createParameter().name(name).in(in).description(description);
  }

  private static APIResponse problem(String description) {
    return createAPIResponse()
        .description(description)
        .content(createContent().addMediaType("application/problem+json", createMediaType()));
  }
}
