package io.livelog.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording's {@code jdk.ExecutionSample} events (what {@code jfr print --events
 * jdk.ExecutionSample} shows) by thread group, top frame, and inclusive frame.
 */
final class JfrSummary {

  private JfrSummary() {}

  static void write(Path jfr, Path out) throws IOException {
    Map<String, Integer> threads = new HashMap<>();
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    int samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
        continue;
      }
      samples++;
      String thread = e.getThread("sampledThread").getJavaName();
      threads.merge(thread == null ? "?" : thread.replaceAll("\\d+", "N"), 1, Integer::sum);
      List<RecordedFrame> frames = e.getStackTrace().getFrames();
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < frames.size(); i++) {
        String name =
            frames.get(i).getMethod().getType().getName()
                + "."
                + frames.get(i).getMethod().getName();
        if (i == 0) {
          self.merge(name, 1, Integer::sum);
        }
        if (seen.add(name)) {
          inclusive.merge(name, 1, Integer::sum);
        }
      }
    }
    StringBuilder text = new StringBuilder("JFR execution samples: " + samples + "\n");
    section(text, "threads", threads, samples, 15);
    section(text, "top frames (self)", self, samples, 30);
    section(text, "inclusive frames", inclusive, samples, 60);
    Files.writeString(out, text.toString());
  }

  private static void section(
      StringBuilder text, String title, Map<String, Integer> counts, int total, int limit) {
    text.append("\n## ").append(title).append('\n');
    counts.entrySet().stream()
        .sorted((a, b) -> b.getValue() - a.getValue())
        .limit(limit)
        .forEach(
            e ->
                text.append(
                    String.format(
                        java.util.Locale.ROOT,
                        "%5.1f%% %s%n",
                        100.0 * e.getValue() / Math.max(1, total),
                        e.getKey())));
  }
}
