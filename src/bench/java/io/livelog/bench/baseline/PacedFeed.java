package io.livelog.bench.baseline;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code POST /api/bench/feed}: fires {@code rate} {@link LogEvent}s a second for {@code seconds}
 * with CDI {@code fire()}, as log records arrive (one by one), from {@code threads} threads that
 * share one schedule: event n is due at {@code n / rate} s. Each event is stamped ({@code ts}) when
 * fired and its message padded to about {@code bytes}. Both Livelog's relay and the {@link
 * BroadcasterBaseline} observe them, so one feed drives both streams. Answers how many were fired
 * and how late the feed ran behind its schedule, which shows whether the publisher kept up.
 */
@Path("bench/feed")
@RequestScoped
@RolesAllowed("livelog-producer")
public class PacedFeed {

  @Inject Event<LogEvent> events;

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  public String feed(
      @QueryParam("rate") int rate,
      @QueryParam("seconds") int seconds,
      @QueryParam("bytes") int bytes,
      @QueryParam("threads") int threads)
      throws InterruptedException {
    int workers = Math.max(1, Math.min(threads, 16));
    long total = (long) Math.max(1, rate) * Math.max(1, Math.min(seconds, 600));
    String pad = "x".repeat(Math.max(0, Math.min(bytes, 1 << 20) - 160));
    AtomicLong next = new AtomicLong();
    AtomicLong fired = new AtomicLong();
    AtomicLong late = new AtomicLong();
    LongAccumulator maxLag = new LongAccumulator(Math::max, 0);
    long begin = System.nanoTime();
    double nanosPerEvent = 1e9 / Math.max(1, rate);
    CountDownLatch done = new CountDownLatch(workers);
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    for (int t = 0; t < workers; t++) {
      pool.execute(
          () -> {
            try {
              for (long n = next.getAndIncrement(); n < total; n = next.getAndIncrement()) {
                long due = begin + (long) (n * nanosPerEvent);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                  LockSupport.parkNanos(wait);
                }
                long lag = System.nanoTime() - due;
                maxLag.accumulate(lag);
                if (lag > 10_000_000) {
                  late.incrementAndGet();
                }
                events.fire(event(n, pad));
                fired.incrementAndGet();
              }
            } finally {
              done.countDown();
            }
          });
    }
    done.await(seconds + 60L, TimeUnit.SECONDS);
    next.set(total); // a feed that overran its bound stops
    pool.shutdownNow();
    long elapsed = System.nanoTime() - begin;
    return Json.createObjectBuilder()
        .add("fired", fired.get())
        .add("elapsedMillis", elapsed / 1_000_000)
        .add("maxLagMillis", maxLag.get() / 1_000_000)
        .add("lateOver10ms", late.get())
        .build()
        .toString();
  }

  private static LogEvent event(long n, String pad) {
    return new LogEvent(
        null,
        System.currentTimeMillis(),
        Level.INFO,
        "io.livelog.bench.feed",
        "bench",
        null,
        null,
        "feed " + n + " " + pad,
        null,
        null);
  }
}
