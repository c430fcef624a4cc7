package io.livelog.testsupport;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.sources.boundary.HealthSampler;
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
  @Inject TestTicker ticker;
  @Inject HealthSampler health;

  /** Fires one event the way any bean would. */
  @POST
  @Path("fire")
  public void fire(
      @QueryParam("message") String message,
      @QueryParam("level") String level,
      @QueryParam("async") boolean async,
      @QueryParam("nan") boolean nan) {
    LogEvent event =
        LogEvent.of(Level.parse(level).orElse(Level.INFO), TestProbe.class.getName(), message)
            .withFields(nan ? Map.of("probe", true, "ratio", Double.NaN) : Map.of("probe", true));
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

  /** Logs one JUL record through the named logger at a JUL level (FINE, INFO, ...). */
  @POST
  @Path("log")
  public void log(
      @QueryParam("logger") String logger,
      @QueryParam("level") String level,
      @QueryParam("message") String message) {
    Logger.getLogger(logger).log(java.util.logging.Level.parse(level), message);
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
   * fire()} times (power-of-two buckets, so percentiles are upper bounds within a factor of 2), and
   * exactly how many took over 1 ms and 10 ms. With {@code noop=true} the loop does everything but
   * fire, which shows how much of the tail is the scheduler's.
   */
  @POST
  @Path("flood")
  @Produces(MediaType.APPLICATION_JSON)
  public String flood(
      @QueryParam("threads") int threads,
      @QueryParam("total") int total,
      @QueryParam("seconds") int seconds,
      @QueryParam("rate") int rate,
      @QueryParam("noop") boolean noop)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicLong fired = new AtomicLong();
    LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
    java.util.concurrent.atomic.AtomicLongArray buckets =
        new java.util.concurrent.atomic.AtomicLongArray(64);
    java.util.concurrent.atomic.LongAdder totalNanos = new java.util.concurrent.atomic.LongAdder();
    AtomicLong over1ms = new AtomicLong();
    AtomicLong over10ms = new AtomicLong();
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
                if (noop) {
                  // calibration: the same loop without fire(), to see what the scheduler costs
                  Thread.onSpinWait();
                } else {
                  events.fire(event);
                }
                long took = System.nanoTime() - start;
                maxNanos.accumulate(took);
                if (took > 1_000_000) {
                  over1ms.incrementAndGet();
                }
                if (took > 10_000_000) {
                  over10ms.incrementAndGet();
                }
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
        .add("firesOver1ms", over1ms.get())
        .add("firesOver10ms", over10ms.get())
        .add("millis", elapsed / 1_000_000)
        .build()
        .toString();
  }

  /**
   * Starts firing events at a steady rate from the server (source {@code source}, logger {@code
   * ticker}, messages {@code tick 0}, {@code tick 1}, ...), until {@code ticker/stop}.
   */
  @POST
  @Path("ticker")
  public void startTicker(
      @QueryParam("perSecond") int perSecond, @QueryParam("source") String source) {
    ticker.start(perSecond, source);
  }

  /** Stops the ticker; answers how many events it fired. */
  @POST
  @Path("ticker/stop")
  @Produces(MediaType.TEXT_PLAIN)
  public long stopTicker() {
    return ticker.stop();
  }

  /**
   * JVM facts: all threads, Livelog's own threads by name, and the used heap, after a full GC when
   * {@code gc=true}.
   */
  @GET
  @Path("jvm")
  @Produces(MediaType.APPLICATION_JSON)
  public String jvm(@QueryParam("gc") boolean gc) {
    if (gc) {
      for (int i = 0; i < 3; i++) {
        System.gc();
      }
    }
    jakarta.json.JsonArrayBuilder names = Json.createArrayBuilder();
    Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(n -> n.startsWith(io.livelog.events.control.Threads.PREFIX))
        .sorted()
        .forEach(names::add);
    java.lang.management.MemoryUsage heap =
        java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return Json.createObjectBuilder()
        .add("threads", java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount())
        .add("livelogThreads", names)
        .add("heapUsed", heap.getUsed())
        .add("heapMax", heap.getMax())
        .build()
        .toString();
  }

  /** The health sampler's timers in this deployment. */
  @GET
  @Path("timers")
  @Produces(MediaType.TEXT_PLAIN)
  public int timers() {
    return health.timers();
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
