package io.livelog.bench;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Shared settings and helpers of the benchmark: output folder, sizes, progress, stats deltas. */
final class Bench {

  private Bench() {}

  static Path out() {
    return Path.of(System.getProperty("livelog.bench.out", "target/bench"));
  }

  static boolean quick() {
    return Boolean.getBoolean("bench.quick");
  }

  /** Seconds of each measurement window ({@code -Dbench.seconds=}). */
  static int seconds() {
    return Integer.getInteger("bench.seconds", quick() ? 4 : 10);
  }

  /** Seconds of warm-up before a window ({@code -Dbench.warmup=}). */
  static int warmup() {
    return Integer.getInteger("bench.warmup", quick() ? 1 : 3);
  }

  /** A list of numbers from a system property like {@code -Dbench.subscribers=100,1000}. */
  static List<Integer> ints(String property, String defaults) {
    return Arrays.stream(System.getProperty(property, defaults).split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(Integer::valueOf)
        .toList();
  }

  static void progress(String message) {
    System.out.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + message);
    System.out.flush();
  }

  static String machine() {
    return Runtime.getRuntime().availableProcessors()
        + " cores, "
        + memTotal()
        + " RAM, "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + ", Java "
        + System.getProperty("java.version")
        + ", Payara Micro 6.2025.10, open files limit "
        + Proc.fileLimit(Proc.self());
  }

  private static String memTotal() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kb = Long.parseLong(line.replaceAll("\\D", ""));
          return (kb / 1024 / 1024 + 1) + " GiB";
        }
      }
    } catch (Exception ignored) {
      // not Linux
    }
    return "?";
  }

  /** Waits for a condition up to a bound; false (not an exception) when it did not come. */
  static boolean await(long seconds, BooleanSupplier condition) {
    try {
      Awaitility.await()
          .atMost(seconds, TimeUnit.SECONDS)
          .pollInterval(100, TimeUnit.MILLISECONDS)
          .until(condition::getAsBoolean);
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }

  /** Waits until deliveries have stopped growing for a second (bounded), after a publisher. */
  static void drain(LoadGen gen, long seconds) {
    long[] last = {-1};
    long[] since = {System.nanoTime()};
    await(
        seconds,
        () -> {
          long now = gen.deliveries.sum();
          if (now != last[0]) {
            last[0] = now;
            since[0] = System.nanoTime();
            return false;
          }
          return System.nanoTime() - since[0] > TimeUnit.SECONDS.toNanos(1);
        });
  }

  static Map<String, Long> drops(JsonObject stats) {
    Map<String, Long> out = new TreeMap<>();
    JsonObject dropped = stats.getJsonObject("dropped");
    dropped.keySet().forEach(k -> out.put(k, dropped.getJsonNumber(k).longValue()));
    return out;
  }

  /**
   * Deletes a store directory a scenario made (gigabytes after a five-minute ingest), keeping the
   * report and the server logs.
   */
  static void deleteTree(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Drops that grew between two stats, as {@code reason=n;...}, or {@code none}. */
  static String dropDelta(JsonObject before, JsonObject after) {
    Map<String, Long> b = drops(before);
    List<String> parts = new ArrayList<>();
    drops(after)
        .forEach(
            (k, v) -> {
              long d = v - b.getOrDefault(k, 0L);
              if (d > 0) {
                parts.add(k + "=" + d);
              }
            });
    return parts.isEmpty() ? "none" : String.join(";", parts);
  }

  static double mb(long kb) {
    return kb / 1024.0;
  }
}
