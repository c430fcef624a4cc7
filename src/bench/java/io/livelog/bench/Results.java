package io.livelog.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results: every row appended to {@code results.csv}; {@code results.md} and {@code
 * latency.svg} re-rendered from the whole CSV after each row, so a partial run still leaves a
 * readable report.
 */
final class Results {

  static final String[] COLUMNS = {
    "scenario",
    "case",
    "stream",
    "subscribers",
    "stalled",
    "pollers",
    "target_eps",
    "published_eps",
    "deliveries_per_s",
    "p50_ms",
    "p99_ms",
    "p999_ms",
    "max_ms",
    "server_cpu_pct",
    "loadgen_cpu_pct",
    "others_cpu_pct",
    "quiet",
    "server_us_per_delivery",
    "server_rss_mb",
    "heap_mb",
    "bytes_in_per_s",
    "bytes_out_per_s",
    "drops",
    "cut",
    "counted",
    "counted_after_s",
    "limit_s",
    "rss_growth_mb",
    "answers_per_s",
    "server",
    "requests_per_s",
    "events_per_s",
    "server_cpu_ms_per_request",
    "server_cpu_ms_per_request_without_jit",
    "jit_cpu_pct",
    "machine_busy_pct",
    "heap_growth_mb",
    "fires",
    "fires_over_1ms",
    "notes"
  };

  private final Path dir;

  Results(Path dir) {
    this.dir = dir;
  }

  Path csv() {
    return dir.resolve("results.csv");
  }

  Path markdown() {
    return dir.resolve("results.md");
  }

  Path svg() {
    return dir.resolve("latency.svg");
  }

  /** A row under construction; unset columns stay empty. */
  static final class Row {
    final Map<String, String> values = new LinkedHashMap<>();

    Row(String scenario, String name) {
      values.put("scenario", scenario);
      values.put("case", name);
    }

    Row set(String column, Object value) {
      String text;
      if (value instanceof Double d) {
        text =
            Math.abs(d) >= 100
                ? String.format(Locale.ROOT, "%.0f", d)
                : String.format(Locale.ROOT, "%.2f", d);
      } else {
        text = String.valueOf(value);
      }
      values.put(column, text);
      return this;
    }

    Row latency(org.HdrHistogram.Histogram h) {
      if (h == null || h.getTotalCount() == 0) {
        return this;
      }
      return set("p50_ms", h.getValueAtPercentile(50) / 1000.0)
          .set("p99_ms", h.getValueAtPercentile(99) / 1000.0)
          .set("p999_ms", h.getValueAtPercentile(99.9) / 1000.0)
          .set("max_ms", h.getMaxValue() / 1000.0);
    }

    /** The machine columns of a window: CPU of server, load generator and everything else. */
    Row machine(Window w) {
      set("server_cpu_pct", w.serverCpu);
      set("loadgen_cpu_pct", w.loadCpu);
      set("others_cpu_pct", w.othersCpu);
      set("quiet", quiet(w) ? "yes" : "no");
      set("server_rss_mb", Bench.mb(w.rssKbMax));
      return this;
    }

    /**
     * Whether the machine was quiet during the window: other processes (neither the server nor the
     * load generator) used less than {@code -Dbench.quietPct=} (10) percent of one core.
     */
    static boolean quiet(Window w) {
      return w.othersCpu < Integer.getInteger("bench.quietPct", 10);
    }

    /** Server CPU time per delivered event, from the window's mean CPU. */
    Row perDelivery(Window w, double deliveriesPerSecond) {
      if (deliveriesPerSecond > 0) {
        set("server_us_per_delivery", w.serverCpuMean * 10_000 / deliveriesPerSecond);
      }
      return this;
    }

    String get(String column) {
      return values.getOrDefault(column, "");
    }
  }

  synchronized void add(Row row) {
    try {
      Files.createDirectories(dir);
      String header = String.join(",", COLUMNS);
      if (Files.exists(csv())
          && !Files.readAllLines(csv()).stream().findFirst().orElse("").equals(header)) {
        // rows of an older version of the tool: keep them aside rather than misread them
        Files.move(csv(), dir.resolve("results-" + System.currentTimeMillis() + ".csv"));
      }
      if (!Files.exists(csv())) {
        Files.writeString(csv(), String.join(",", COLUMNS) + "\n", StandardCharsets.UTF_8);
      }
      List<String> cells = new ArrayList<>();
      for (String c : COLUMNS) {
        cells.add(csvCell(row.get(c)));
      }
      Files.writeString(
          csv(), String.join(",", cells) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      List<Row> rows = read();
      Files.writeString(markdown(), Report.markdown(rows), StandardCharsets.UTF_8);
      Files.writeString(svg(), Report.svg(rows), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("writing results", e);
    }
    Bench.progress("result " + row.values);
  }

  List<Row> read() throws IOException {
    List<Row> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(csv(), StandardCharsets.UTF_8);
    for (int i = 1; i < lines.size(); i++) {
      List<String> cells = parseCsv(lines.get(i));
      Row row = new Row(cells.get(0), cells.get(1));
      for (int c = 2; c < COLUMNS.length && c < cells.size(); c++) {
        if (!cells.get(c).isEmpty()) {
          row.values.put(COLUMNS[c], cells.get(c));
        }
      }
      rows.add(row);
    }
    return rows;
  }

  private static String csvCell(String value) {
    if (value.contains(",") || value.contains("\"")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }

  private static List<String> parseCsv(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    out.add(cell.toString());
    return out;
  }
}
