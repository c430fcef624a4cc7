package io.livelog.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.HdrHistogram.Recorder;

/**
 * An open-loop HTTP/1.1 load: requests sent at a fixed rate over keep-alive connections (at most
 * {@code maxInFlight} at once; a request that finds none free is not sent and counted), answer
 * times in an HdrHistogram. Bounded by the rate times the seconds.
 */
final class PacedRequests implements AutoCloseable {

  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .executor(pool)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** What one run did. */
  record Outcome(
      long sent, long answered, long notSent, Map<Integer, Long> codes, Recorder latency) {}

  /**
   * Sends {@code rate} requests a second for {@code seconds}, each built by {@code request}, and
   * waits (bounded) for the answers.
   */
  Outcome run(double rate, double seconds, int maxInFlight, Supplier<HttpRequest> request)
      throws InterruptedException {
    Recorder latency = new Recorder(3);
    Semaphore slots = new Semaphore(maxInFlight);
    LongAdder answered = new LongAdder();
    Map<Integer, Long> codes = new ConcurrentHashMap<>();
    long total = Math.round(rate * seconds);
    long interval = (long) (1_000_000_000L / rate);
    long start = System.nanoTime();
    long sent = 0;
    long notSent = 0;
    for (long i = 0; i < total; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      if (!slots.tryAcquire()) {
        notSent++;
        continue;
      }
      sent++;
      long t0 = System.nanoTime();
      http.sendAsync(request.get(), HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (response, error) -> {
                slots.release();
                int code = error == null ? response.statusCode() : -1;
                codes.merge(code, 1L, Long::sum);
                if (error == null) {
                  latency.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                  answered.increment();
                }
              });
    }
    slots.tryAcquire(maxInFlight, 30, TimeUnit.SECONDS);
    return new Outcome(sent, answered.sum(), notSent, Map.copyOf(codes), latency);
  }

  static HttpRequest.Builder to(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
