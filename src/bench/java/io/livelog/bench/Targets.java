package io.livelog.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The targets of issue 9, each with what this run measured and whether it was met, rendered below
 * the result tables. A target whose rows were not part of the run says so.
 */
final class Targets {

  static final String FAN_OUT = "2 fan-out";
  static final String STALLED = "5 stalled clients";
  static final String LIVELOG = "livelog";
  static final String BASELINE = "baseline";
  private static final double P99_MS = 100;

  private Targets() {}

  static String markdown(List<Results.Row> rows) {
    List<String[]> lines = new ArrayList<>();
    lines.add(delivery(rows, 100, "p99 < 100 ms at 1,000 subscribers for 100k deliveries/s"));
    lines.add(delivery(rows, 300, "p99 < 100 ms at 1,000 subscribers for 300k deliveries/s"));
    lines.add(delivery(rows, 1000, "(moonshot) 1M deliveries/s at p99 < 100 ms"));
    lines.add(versusBaseline(rows));
    lines.addAll(stalled(rows));
    lines.add(rss(rows));
    if (lines.stream().allMatch(l -> l[2].equals("not measured"))) {
      return "";
    }
    StringBuilder md = new StringBuilder("## Targets (issue 9)\n\n");
    md.append("| target | measured | met? |\n| --- | --- | --- |\n");
    for (String[] l : lines) {
      md.append("| ").append(l[0]).append(" | ").append(l[1]).append(" | ");
      md.append(l[2]).append(" |\n");
    }
    return md.append('\n').append(Limits.markdown(rows)).toString();
  }

  private static String[] delivery(List<Results.Row> rows, int rate, String target) {
    int subs = 1000;
    Optional<Results.Row> row =
        rows.stream()
            .filter(fanOut(LIVELOG))
            .filter(r -> num(r, "target_eps") == rate && num(r, "subscribers") >= subs * 0.95)
            .reduce((a, b) -> b);
    if (row.isEmpty()) {
      return new String[] {
        target, "no row of 1,000 × " + rate + " ev/s in this run", "not measured"
      };
    }
    Results.Row r = row.get();
    double ideal = num(r, "subscribers") * rate;
    boolean met = num(r, "deliveries_per_s") >= 0.95 * ideal && p99(r) < P99_MS;
    return new String[] {
      target,
      String.format(
              Locale.ROOT,
              "%.0f deliveries/s (%.0f%% of %.0f), p99 %s ms",
              num(r, "deliveries_per_s"),
              100 * num(r, "deliveries_per_s") / ideal,
              ideal,
              r.get("p99_ms"))
          + quietNote(r),
      met ? "yes" : "no"
    };
  }

  private static String[] versusBaseline(List<Results.Row> rows) {
    String target = "≥ 3 × the SseBroadcaster baseline's deliveries/s at the same p99 (< 100 ms)";
    Optional<Results.Row> ours = best(rows, LIVELOG);
    Optional<Results.Row> theirs = best(rows, BASELINE);
    if (rows.stream().noneMatch(fanOut(BASELINE))) {
      return new String[] {target, "no baseline rows in this run", "not measured"};
    }
    if (ours.isEmpty()) {
      return new String[] {target, "no Livelog row with p99 < 100 ms", "no"};
    }
    String mine =
        String.format(
            Locale.ROOT,
            "Livelog %.0f/s (p99 %s ms)",
            num(ours.get(), "deliveries_per_s"),
            ours.get().get("p99_ms"));
    if (theirs.isEmpty()) {
      return new String[] {
        target,
        mine + "; the baseline had no row with p99 < 100 ms (measure it at lower rates)",
        "undecided"
      };
    }
    Results.Row b = theirs.get();
    double topRate =
        rows.stream()
            .filter(fanOut(BASELINE))
            .mapToDouble(r -> num(r, "target_eps"))
            .max()
            .orElse(0);
    if (num(b, "target_eps") >= topRate
        && num(b, "deliveries_per_s") >= 0.95 * num(b, "target_eps") * num(b, "subscribers")) {
      return new String[] {
        target,
        String.format(
            Locale.ROOT,
            "%s; the baseline kept up with the highest rate too (%.0f/s, p99 %s ms): raise"
                + " -Dbench.rates until it no longer does",
            mine,
            num(b, "deliveries_per_s"),
            b.get("p99_ms")),
        "undecided"
      };
    }
    double ratio = num(ours.get(), "deliveries_per_s") / num(b, "deliveries_per_s");
    return new String[] {
      target,
      String.format(
          Locale.ROOT,
          "%s against the baseline's %.0f/s (p99 %s ms): %.1f ×",
          mine,
          num(theirs.get(), "deliveries_per_s"),
          theirs.get().get("p99_ms"),
          ratio),
      ratio >= 3 ? "yes" : "no"
    };
  }

  /** The row of that stream with the most deliveries/s at p99 under 100 ms. */
  private static Optional<Results.Row> best(List<Results.Row> rows, String stream) {
    return rows.stream()
        .filter(fanOut(stream))
        .filter(r -> p99(r) < P99_MS && num(r, "deliveries_per_s") > 0)
        .max(Comparator.comparingDouble(r -> num(r, "deliveries_per_s")));
  }

  private static List<String[]> stalled(List<Results.Row> rows) {
    String counted =
        "1,000 stalled clients all counted in `subscriberOverflow` within stallSeconds + 5 s";
    String memory = "1,000 stalled clients add < 300 MB RSS";
    String healthy = "with them, the healthy subscribers' p99 < 100 ms";
    Optional<Results.Row> row =
        rows.stream().filter(r -> r.get("scenario").equals(STALLED)).reduce((a, b) -> b);
    if (row.isEmpty()) {
      return List.of(
          new String[] {counted, "no stalled-clients row in this run", "not measured"},
          new String[] {memory, "", "not measured"},
          new String[] {healthy, "", "not measured"});
    }
    Results.Row r = row.get();
    String at = num(r, "stalled") < 1000 ? " (only " + r.get("stalled") + " stalled)" : "";
    boolean all = num(r, "counted") >= num(r, "stalled") && !r.get("counted_after_s").isEmpty();
    return List.of(
        new String[] {
          counted,
          r.get("counted")
              + " of "
              + r.get("stalled")
              + (all ? " after " + r.get("counted_after_s") + " s" : "")
              + "; limit "
              + r.get("limit_s")
              + " s"
              + at,
          all && num(r, "counted_after_s") <= num(r, "limit_s") ? "yes" : "no"
        },
        new String[] {
          memory,
          r.get("rss_growth_mb") + " MB" + at + quietNote(r),
          num(r, "rss_growth_mb") < 300 ? "yes" : "no"
        },
        new String[] {
          healthy,
          "p99 " + r.get("p99_ms") + " ms over " + r.get("subscribers") + " healthy" + quietNote(r),
          p99(r) < P99_MS ? "yes" : "no"
        });
  }

  private static String[] rss(List<Results.Row> rows) {
    String target = "server RSS under any broadcast row < 1 GB";
    Optional<Results.Row> max =
        rows.stream()
            .filter(r -> r.get("scenario").equals(FAN_OUT) && !r.get("server_rss_mb").isEmpty())
            .max(Comparator.comparingDouble(r -> num(r, "server_rss_mb")));
    if (max.isEmpty()) {
      return new String[] {target, "no fan-out rows in this run", "not measured"};
    }
    return new String[] {
      target,
      "peak " + max.get().get("server_rss_mb") + " MB (" + max.get().get("case") + ")",
      num(max.get(), "server_rss_mb") < 1024 ? "yes" : "no"
    };
  }

  private static Predicate<Results.Row> fanOut(String stream) {
    return r -> r.get("scenario").equals(FAN_OUT) && r.get("stream").equals(stream);
  }

  private static String quietNote(Results.Row r) {
    return "no".equals(r.get("quiet")) ? " (machine not quiet)" : "";
  }

  private static double p99(Results.Row r) {
    return r.get("p99_ms").isEmpty() ? Double.POSITIVE_INFINITY : num(r, "p99_ms");
  }

  private static double num(Results.Row r, String column) {
    try {
      return Double.parseDouble(r.get(column));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
