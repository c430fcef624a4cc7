package io.livelog.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The timing and memory limits that the correctness tests used to assert (issue 20: a shared
 * two-core machine made them flaky there; the tests now assert what a user sees), each with what
 * this run measured and whether it held. A limit whose rows were not part of the run says so.
 */
final class Limits {

  private Limits() {}

  static String markdown(List<Results.Row> rows) {
    List<String[]> lines = new ArrayList<>();
    lines.add(isolated(rows));
    lines.add(fireStalls(rows));
    lines.add(
        heap(
            rows,
            "3 connections",
            r -> r.get("case").startsWith("churn"),
            32,
            "churn leaves the heap after GC within 32 MB of where it started (was StreamLoadIT)"));
    lines.add(
        heap(
            rows,
            Targets.STALLED,
            r -> true,
            64,
            "once stalled clients are gone, the heap after GC is within 64 MB of where it started"
                + " (was StreamLoadIT)"));
    StringBuilder md =
        new StringBuilder("## Limits moved from the correctness tests (issue 20)\n\n");
    md.append("| limit | measured | held? |\n| --- | --- | --- |\n");
    for (String[] l : lines) {
      md.append("| ").append(l[0]).append(" | ").append(l[1]).append(" | ");
      md.append(l[2]).append(" |\n");
    }
    return md.append('\n').toString();
  }

  /** Scenario 1's SSE rows under load: an event published alone reaches its subscribers at once. */
  private static String[] isolated(List<Results.Row> rows) {
    String limit = "an event reaches a subscriber: median < 200 ms, max < 1 s (was StreamLoadIT)";
    Optional<Results.Row> row =
        last(
            rows,
            r ->
                r.get("scenario").startsWith("1 ")
                    && r.get("case").contains(" SSE, ")
                    && !r.get("case").endsWith("idle")
                    && !r.get("p50_ms").isEmpty());
    if (row.isEmpty()) {
      return new String[] {limit, "no SSE row of scenario 1 in this run", "not measured"};
    }
    Results.Row r = row.get();
    boolean held = num(r, "p50_ms") < 200 && num(r, "max_ms") < 1000;
    return new String[] {
      limit,
      "median " + r.get("p50_ms") + " ms, max " + r.get("max_ms") + " ms (" + r.get("case") + ")",
      held ? "yes" : "no"
    };
  }

  /** Scenario 4: fire() from many producer threads rarely takes over a millisecond. */
  private static String[] fireStalls(List<Results.Row> rows) {
    String limit = "under a flood, at most 1 fire() in 200 takes over 1 ms (was StreamLoadIT)";
    Optional<Results.Row> row =
        last(rows, r -> r.get("scenario").startsWith("4 ") && !r.get("fires").isEmpty());
    if (row.isEmpty()) {
      return new String[] {limit, "no flood row in this run", "not measured"};
    }
    Results.Row r = row.get();
    double fires = num(r, "fires");
    double over = num(r, "fires_over_1ms");
    return new String[] {
      limit,
      String.format(
          Locale.ROOT,
          "%.0f of %.0f over 1 ms (1 in %.0f) (%s)",
          over,
          fires,
          over == 0 ? fires : fires / over,
          r.get("case")),
      over <= fires / 200 ? "yes" : "no"
    };
  }

  private static String[] heap(
      List<Results.Row> rows,
      String scenario,
      Predicate<Results.Row> which,
      double limitMb,
      String limit) {
    Optional<Results.Row> row =
        last(
            rows,
            r ->
                r.get("scenario").equals(scenario)
                    && which.test(r)
                    && !r.get("heap_growth_mb").isEmpty());
    if (row.isEmpty()) {
      return new String[] {limit, "no such row in this run", "not measured"};
    }
    Results.Row r = row.get();
    return new String[] {
      limit,
      r.get("heap_growth_mb") + " MB (" + r.get("case") + ")",
      num(r, "heap_growth_mb") < limitMb ? "yes" : "no"
    };
  }

  private static Optional<Results.Row> last(List<Results.Row> rows, Predicate<Results.Row> match) {
    return rows.stream().filter(match).reduce((a, b) -> b);
  }

  private static double num(Results.Row r, String column) {
    try {
      return Double.parseDouble(r.get(column));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
