package io.livelog.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Renders the rows as Markdown tables (one per scenario) and the latency plot as plain SVG. */
final class Report {

  private Report() {}

  static String markdown(List<Results.Row> rows) {
    StringBuilder md = new StringBuilder("# Livelog benchmark results\n\n");
    md.append("Machine: ").append(Bench.machine()).append("\n\n");
    long windows = rows.stream().filter(r -> !r.get("quiet").isEmpty()).count();
    long quiet = rows.stream().filter(r -> r.get("quiet").equals("yes")).count();
    md.append(
        String.format(
            Locale.ROOT,
            "Machine quiet in %d of %d windows (`quiet`: other processes used less than %d %% of"
                + " one core).%s\n\n",
            quiet,
            windows,
            Integer.getInteger("bench.quietPct", 10),
            quiet < windows ? " **Not a quiet run: rerun alone before quoting latency.**" : ""));
    md.append(
        "CPU columns are the median of per-second samples, in percent of one core (200 = both"
            + " cores); latency is end to end (publisher stamp to parsed on receipt), in ms."
            + " Plot: `latency.svg`.\n\n");
    Map<String, List<Results.Row>> byScenario = new LinkedHashMap<>();
    for (Results.Row row : rows) {
      byScenario.computeIfAbsent(row.get("scenario"), s -> new ArrayList<>()).add(row);
    }
    for (Map.Entry<String, List<Results.Row>> e : byScenario.entrySet()) {
      md.append("## ").append(e.getKey()).append("\n\n");
      List<String> columns = new ArrayList<>();
      for (String c : Results.COLUMNS) {
        if (c.equals("scenario")) {
          continue;
        }
        if (e.getValue().stream().anyMatch(r -> !r.get(c).isEmpty())) {
          columns.add(c);
        }
      }
      md.append("| ").append(String.join(" | ", columns)).append(" |\n|");
      columns.forEach(c -> md.append(" --- |"));
      md.append('\n');
      for (Results.Row row : e.getValue()) {
        md.append("|");
        for (String c : columns) {
          md.append(' ').append(row.get(c).replace("|", "/")).append(" |");
        }
        md.append('\n');
      }
      md.append('\n');
    }
    md.append(Targets.markdown(rows));
    return md.toString();
  }

  /** p99 latency against deliveries/s, log-log, one series per subscriber count (fan-out rows). */
  static String svg(List<Results.Row> rows) {
    int w = 720;
    int h = 440;
    int left = 70;
    int right = 190;
    int top = 30;
    int bottom = 50;
    Map<String, List<double[]>> series = new TreeMap<>();
    for (Results.Row row : rows) {
      if (!row.get("scenario").startsWith("2") || row.get("p99_ms").isEmpty()) {
        continue;
      }
      double x = Double.parseDouble(row.get("deliveries_per_s"));
      double y = Double.parseDouble(row.get("p99_ms"));
      if (x > 0 && y > 0) {
        String stream = row.get("stream").isEmpty() ? "" : row.get("stream") + ", ";
        series
            .computeIfAbsent(stream + row.get("subscribers"), k -> new ArrayList<>())
            .add(new double[] {x, y});
      }
    }
    double x0 = 1e2;
    double x1 = 1e7;
    double y0 = 0.1;
    double y1 = 1e5;
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">\n",
            w,
            h));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append(
        "<text x=\"70\" y=\"18\" font-size=\"14\">Livelog fan-out: p99 latency vs deliveries/s"
            + " (log-log)</text>\n");
    int pw = w - left - right;
    int ph = h - top - bottom;
    for (int e = 2; e <= 7; e++) {
      double px = left + (e - 2) / 5.0 * pw;
      s.append(line(px, top, px, top + ph, "#ddd"));
      s.append(text(px - 12, top + ph + 18, "1e" + e));
    }
    for (int e = -1; e <= 5; e++) {
      double py = top + ph - (e + 1) / 6.0 * ph;
      s.append(line(left, py, left + pw, py, "#ddd"));
      s.append(text(left - 45, py + 4, e < 0 ? "0.1" : String.valueOf((long) Math.pow(10, e))));
    }
    double target = top + ph - (Math.log10(100) - Math.log10(y0)) / 6.0 * ph;
    s.append(line(left, target, left + pw, target, "#c00"));
    s.append(text(left + pw - 90, target - 4, "100 ms"));
    s.append(text(left + pw / 2.0 - 40, h - 12, "deliveries/s"));
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\">p99 ms</text>\n",
            top + ph / 2,
            top + ph / 2));
    String[] colors = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b"};
    int i = 0;
    for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
      String color = colors[i % colors.length];
      StringBuilder path = new StringBuilder();
      List<double[]> points = new ArrayList<>(e.getValue());
      points.sort((a, b) -> Double.compare(a[0], b[0]));
      for (double[] p : points) {
        double px = left + clamp((Math.log10(p[0]) - Math.log10(x0)) / 5.0) * pw;
        double py = top + ph - clamp((Math.log10(p[1]) - Math.log10(y0)) / 6.0) * ph;
        path.append(path.length() == 0 ? "M" : " L")
            .append(String.format(Locale.ROOT, "%.1f %.1f", px, py));
        s.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>\n",
                px,
                py,
                color));
      }
      s.append(
          String.format(
              Locale.ROOT,
              "<path d=\"%s\" stroke=\"%s\" fill=\"none\" stroke-width=\"2\"/>\n",
              path,
              color));
      double ly = top + 20 + i * 20;
      s.append(line(left + pw + 15, ly, left + pw + 35, ly, color));
      s.append(text(left + pw + 40, ly + 4, e.getKey() + " subscribers"));
      i++;
    }
    return s.append("</svg>\n").toString();
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  private static String line(double x1, double y1, double x2, double y2, String color) {
    return String.format(
        Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
        x1,
        y1,
        x2,
        y2,
        color);
  }

  private static String text(double x, double y, String text) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", x, y, text);
  }
}
