package io.livelog.stats.boundary;

import io.livelog.cluster.control.ClusterRelay;
import io.livelog.events.control.HistoryBuffer;
import io.livelog.events.control.JsonFactories;
import io.livelog.events.control.Node;
import io.livelog.events.control.NodeMemory;
import io.livelog.security.control.Roles;
import io.livelog.stats.control.Counters;
import io.livelog.store.control.EventStore;
import io.livelog.stream.control.StreamHub;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/stats}: subscribers, events in and out, drops by reason, history bounds. */
@Path("stats")
@Tag(name = "stats", description = "counters of this node")
@ApplicationScoped
@RolesAllowed(Roles.VIEWER)
public class StatsResource {

  @Inject Counters counters;
  @Inject HistoryBuffer history;
  @Inject StreamHub hub;
  @Inject Node node;
  @Inject ClusterRelay cluster;
  @Inject EventStore store;
  @Inject NodeMemory memory;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "This node's counters",
      description =
          "subscribers, filterGroups, eventsIn, eventsOut, dropped (by reason), historySize,"
              + " oldestId, newestId, memoryBytes, memoryMaxBytes, memory (by part), node, clusterMembers, uptimeMillis; with the store"
              + " storeEvents, storeBytes, storeOldestId, storeOldestTs, storeLagMillis,"
              + " storeCommitMillis, storeCommitMillisMax, storeQueuedBytes, storeDiskLow")
  @APIResponse(
      responseCode = "200",
      description = "the counters",
      content = @Content(mediaType = "application/json"))
  @APIResponse(
      responseCode = "401",
      description = "not signed in",
      content = @Content(mediaType = "application/problem+json"))
  @APIResponse(
      responseCode = "403",
      description = "not a livelog-viewer",
      content = @Content(mediaType = "application/problem+json"))
  public String stats() {
    JsonObjectBuilder dropped = JsonFactories.object();
    counters.drops().forEach(dropped::add);
    Map<NodeMemory.Part, Long> held = memory.parts();
    JsonObjectBuilder stats =
        JsonFactories.object()
            .add("subscribers", hub.subscribers())
            .add("filterGroups", hub.groups())
            .add("eventsIn", counters.eventsIn())
            .add("eventsOut", counters.eventsOut())
            .add("dropped", dropped)
            .add("historySize", history.size())
            .add("historyBytes", history.bytes())
            .add("streamBytes", hub.memoryBytes())
            .add("streamMaxBytes", hub.memoryBudget())
            .add("writerThreads", hub.writerThreads())
            .add("memoryBytes", held.values().stream().mapToLong(Long::longValue).sum())
            .add("memoryMaxBytes", memory.budget())
            .add("memory", parts(held));
    id(stats, "oldestId", history.oldestId());
    id(stats, "newestId", history.newestId());
    if (store.active()) {
      id(stats, "storeOldestId", store.oldestId());
      stats
          .add("storeEvents", store.count())
          .add("storeBytes", store.bytes())
          .add("storeLagMillis", store.lagMillis())
          .add("storeCommitMillis", store.commitMillis())
          .add("storeCommitMillisMax", store.maxCommitMillis())
          .add("storeQueuedBytes", store.queuedBytes())
          .add("storeDiskLow", store.diskLow());
      if (store.oldestTs().isPresent()) {
        stats.add("storeOldestTs", store.oldestTs().getAsLong());
      } else {
        stats.addNull("storeOldestTs");
      }
    }
    return stats
        .add("node", node.name())
        .add("clusterMembers", cluster.members())
        .add("nodes", nodes())
        .add("uptimeMillis", counters.uptimeMillis())
        .build()
        .toString();
  }

  /** The node's memory budget part by part ({@link NodeMemory}). */
  private static JsonObjectBuilder parts(Map<NodeMemory.Part, Long> held) {
    JsonObjectBuilder parts = JsonFactories.object();
    held.forEach((part, bytes) -> parts.add(part.key(), bytes));
    return parts;
  }

  /**
   * Per node: this node's own counters, and on a cluster every node's latest published ones ({@code
   * eventsIn}: events it took from its producers; {@code eventsOut}: deliveries to its
   * subscribers), sorted by node name.
   */
  private JsonArrayBuilder nodes() {
    Map<String, JsonObject> byNode = new TreeMap<>();
    cluster
        .nodes()
        .forEach(
            (name, json) -> {
              try {
                byNode.put(name, JsonFactories.readObject(json));
              } catch (RuntimeException e) {
                // a node that published something unreadable is left out
              }
            });
    byNode.put(
        node.name(),
        JsonFactories.object()
            .add("node", node.name())
            .add("eventsIn", counters.eventsIn())
            .add("eventsOut", counters.eventsOut())
            .add("subscribers", hub.subscribers())
            .add("clustered", cluster.active())
            .add("lag", cluster.lag())
            .add("ts", System.currentTimeMillis())
            .build());
    JsonArrayBuilder out = JsonFactories.array();
    byNode.values().forEach(out::add);
    return out;
  }

  private static void id(JsonObjectBuilder stats, String name, OptionalLong id) {
    if (id.isPresent()) {
      stats.add(name, Long.toString(id.getAsLong()));
    } else {
      stats.addNull(name);
    }
  }
}
