package io.livelog.bench.baseline;

import io.livelog.events.entity.LogEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /api/baseline/stream}: the textbook server Livelog is measured against (issue 9), as
 * cargotracker's {@code RealtimeCargoTrackingService} does it: a {@link SseBroadcaster} made in
 * {@code @PostConstruct}, closed in {@code @PreDestroy}, every client registered with it, and every
 * CDI-observed {@link LogEvent} broadcast as one SSE event. The event is {@code event: logs} with
 * {@code id:} from a counter and, as data, a one-element JSON array of the event serialized once
 * with JSON-B, so the load generator reads both streams alike.
 *
 * <p>The observer is synchronous ({@code fire()} reaches it on the producer's thread, beside
 * Livelog's {@code EventRelay}) and {@code IF_EXISTS}: the bean is made by the first subscriber's
 * request, where JAX-RS can inject {@link Sse}. The set of open sinks is instrumentation only (the
 * broadcaster cannot say how many it holds): with none, an event costs nothing here.
 */
@Path("baseline/stream")
@ApplicationScoped
@RolesAllowed("livelog-viewer")
public class BroadcasterBaseline {

  @Context Sse sse;

  private SseBroadcaster broadcaster;
  private Jsonb jsonb;
  private final AtomicLong ids = new AtomicLong();
  private final Set<SseEventSink> open = ConcurrentHashMap.newKeySet();

  @PostConstruct
  void init() {
    broadcaster = sse.newBroadcaster();
    broadcaster.onClose(open::remove);
    broadcaster.onError((sink, error) -> open.remove(sink));
    jsonb = JsonbBuilder.create();
  }

  @PreDestroy
  void close() {
    broadcaster.close();
    try {
      jsonb.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void subscribe(@Context SseEventSink sink) {
    open.add(sink);
    // an opening comment so that the response head leaves at once, as Livelog's opening event does
    sink.send(sse.newEventBuilder().comment("baseline").build());
    broadcaster.register(sink);
  }

  /** The sinks the broadcaster still holds (instrumentation for the bench). */
  @GET
  @Path("count")
  @Produces(MediaType.TEXT_PLAIN)
  public int count() {
    open.removeIf(SseEventSink::isClosed);
    return open.size();
  }

  void onEvent(@Observes(notifyObserver = Reception.IF_EXISTS) LogEvent event) {
    if (open.isEmpty()) {
      return;
    }
    long id = ids.incrementAndGet();
    String json = "[" + jsonb.toJson(event.withId(id, "baseline")) + "]";
    OutboundSseEvent out =
        sse.newEventBuilder()
            .name("logs")
            .id(Long.toString(id))
            .mediaType(MediaType.TEXT_PLAIN_TYPE)
            .data(String.class, json)
            .build();
    broadcaster.broadcast(out);
  }
}
