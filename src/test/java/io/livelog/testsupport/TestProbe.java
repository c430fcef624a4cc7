package io.livelog.testsupport;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.sources.boundary.ServerLogCapture;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.logging.Logger;

/**
 * Added to the WAR by tests only: a bean of "another module" that fires CDI events, writes JUL
 * records, and floods, so black-box tests can drive the in-server sources over HTTP.
 */
@Path("test-probe")
@RequestScoped
@RolesAllowed("livelog-producer")
public class TestProbe {

  private static final Logger LOG = Logger.getLogger("com.acme.orders.OrderService");

  @Inject Event<LogEvent> events;

  /** Fires one event the way any bean would. */
  @POST
  @Path("fire")
  public void fire(
      @QueryParam("message") String message,
      @QueryParam("level") String level,
      @QueryParam("async") boolean async) {
    LogEvent event =
        LogEvent.of(Level.parse(level).orElse(Level.INFO), TestProbe.class.getName(), message)
            .withFields(Map.of("probe", true));
    if (async) {
      events.fireAsync(event);
    } else {
      events.fire(event);
    }
  }

  /** Logs one JUL record with an exception through an application logger. */
  @POST
  @Path("jul")
  public void jul(@QueryParam("message") String message) {
    LOG.log(
        java.util.logging.Level.WARNING,
        "Order {0} failed: " + message,
        new Object[] {42, new IllegalStateException("probe failure")});
    LOG.log(java.util.logging.Level.WARNING, message + " {0}", 42);
    LOG.log(java.util.logging.Level.SEVERE, message, new IllegalStateException("probe failure"));
  }

  /** The number of Livelog capture handlers on the root logger. */
  @GET
  @Path("handlers")
  @Produces(MediaType.TEXT_PLAIN)
  public long handlers() {
    return ServerLogCapture.installedHandlers();
  }

  /**
   * Fires {@code total} events from {@code threads} threads as fast as they can (bounded by {@code
   * seconds}); answers how many were fired and the longest single {@code fire()} in microseconds.
   */
  @POST
  @Path("flood")
  @Produces(MediaType.APPLICATION_JSON)
  public String flood(
      @QueryParam("threads") int threads,
      @QueryParam("total") int total,
      @QueryParam("seconds") int seconds)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicLong fired = new AtomicLong();
    LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      pool.execute(
          () -> {
            try {
              while (fired.get() < total && System.nanoTime() < deadline) {
                long n = fired.incrementAndGet();
                if (n > total) {
                  break;
                }
                LogEvent event = LogEvent.of(Level.DEBUG, "flood", "flood " + n);
                long start = System.nanoTime();
                events.fire(event);
                maxNanos.accumulate(System.nanoTime() - start);
              }
            } finally {
              done.countDown();
            }
          });
    }
    done.await(seconds + 10L, TimeUnit.SECONDS);
    pool.shutdownNow();
    return Json.createObjectBuilder()
        .add("fired", Math.min(total, fired.get()))
        .add("maxFireMicros", maxNanos.get() / 1000)
        .build()
        .toString();
  }
}
