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
   * seconds}), or paced to {@code rate} events/s in all when it is given; answers how many were
   * fired, the longest single {@code fire()} in microseconds, and the distribution of {@code
   * fire()} times (power-of-two buckets, so percentiles are upper bounds within a factor of 2).
   */
  @POST
  @Path("flood")
  @Produces(MediaType.APPLICATION_JSON)
  public String flood(
      @QueryParam("threads") int threads,
      @QueryParam("total") int total,
      @QueryParam("seconds") int seconds,
      @QueryParam("rate") int rate)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicLong fired = new AtomicLong();
    LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
    java.util.concurrent.atomic.AtomicLongArray buckets =
        new java.util.concurrent.atomic.AtomicLongArray(64);
    java.util.concurrent.atomic.LongAdder totalNanos = new java.util.concurrent.atomic.LongAdder();
    long begin = System.nanoTime();
    long deadline = begin + TimeUnit.SECONDS.toNanos(seconds);
    double perThreadNanos = rate > 0 ? 1e9 * threads / rate : 0;
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      pool.execute(
          () -> {
            try {
              long mine = 0;
              while (fired.get() < total && System.nanoTime() < deadline) {
                if (perThreadNanos > 0) {
                  long due = begin + (long) (mine * perThreadNanos);
                  long wait = due - System.nanoTime();
                  if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    continue;
                  }
                }
                long n = fired.incrementAndGet();
                if (n > total) {
                  break;
                }
                mine++;
                LogEvent event = LogEvent.of(Level.DEBUG, "flood", "flood " + n);
                long start = System.nanoTime();
                events.fire(event);
                long took = System.nanoTime() - start;
                maxNanos.accumulate(took);
                totalNanos.add(took);
                buckets.incrementAndGet(64 - Long.numberOfLeadingZeros(Math.max(1, took)));
              }
            } finally {
              done.countDown();
            }
          });
    }
    done.await(seconds + 10L, TimeUnit.SECONDS);
    pool.shutdownNow();
    long count = Math.min(total, fired.get());
    long elapsed = System.nanoTime() - begin;
    return Json.createObjectBuilder()
        .add("fired", count)
        .add("maxFireMicros", maxNanos.get() / 1000)
        .add("meanFireNanos", count == 0 ? 0 : totalNanos.sum() / count)
        .add("p50FireMicros", percentile(buckets, 0.5))
        .add("p99FireMicros", percentile(buckets, 0.99))
        .add("p999FireMicros", percentile(buckets, 0.999))
        .add("over1ms", over(buckets, 1_000_000))
        .add("elapsedMillis", elapsed / 1_000_000)
        .build()
        .toString();
  }

  /** The upper bound in microseconds of the bucket that holds the quantile {@code q}. */
  private static double percentile(java.util.concurrent.atomic.AtomicLongArray buckets, double q) {
    long count = 0;
    for (int i = 0; i < buckets.length(); i++) {
      count += buckets.get(i);
    }
    long rank = (long) Math.ceil(q * count);
    long seen = 0;
    for (int i = 0; i < buckets.length(); i++) {
      seen += buckets.get(i);
      if (seen >= rank && count > 0) {
        return (1L << i) / 1000.0;
      }
    }
    return 0;
  }

  /** Fires that took at least {@code nanos} (counted by bucket, so within a factor of 2). */
  private static long over(java.util.concurrent.atomic.AtomicLongArray buckets, long nanos) {
    long n = 0;
    for (int i = 0; i < buckets.length(); i++) {
      if (i > 0 && (1L << (i - 1)) >= nanos) {
        n += buckets.get(i);
      }
    }
    return n;
  }
}
