package io.livelog.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One timed measurement window: samples every second the server's and this JVM's CPU, the server's
 * RSS, deliveries and bytes, and keeps the medians of the per-second rates, the totals, and the
 * latency histogram of the window. The window is a fixed wall-clock time: that is what it measures.
 */
final class Window {

  double serverCpu; // median per-second CPU, percent of one core
  double loadCpu;
  double deliveries; // median per second
  double published;
  double sseBytesIn;
  double sseBytesOut;
  double pollBytesIn;
  double pollBytesOut;
  double polls;
  double pollEvents;
  double serverCpuMean;
  double loadCpuMean;
  long rssKbMax;
  double othersCpu; // the rest of the machine (other processes), percent of one core
  double loadAverage;
  long totalDeliveries;
  double seconds;
  Histogram latency;
  Histogram pollLatency;

  static Window measure(BenchServer server, LoadGen gen, Publisher publisher, int seconds) {
    gen.latency.getIntervalHistogram(); // reset
    gen.pollLatency.getIntervalHistogram();
    long self = Proc.self();
    int n = Math.max(1, seconds);
    double[][] s = new double[10][n];
    long[] prev = snapshot(server, gen, publisher, self);
    long t0 = System.nanoTime();
    long first = prev[0];
    long firstServer = prev[1];
    long firstSelf = prev[2];
    long firstDeliveries = prev[3];
    long rssMax = 0;
    long machine0 = Proc.machineBusyMillis();
    for (int i = 0; i < n; i++) {
      LockSupport.parkNanos(t0 + TimeUnit.SECONDS.toNanos(i + 1) - System.nanoTime());
      long[] now = snapshot(server, gen, publisher, self);
      double dt = (now[0] - prev[0]) / 1e9;
      for (int k = 1; k < now.length; k++) {
        double d = (now[k] - prev[k]) / dt;
        s[k - 1][i] = k <= 2 ? d / 10.0 : d; // CPU ms per s -> percent of one core
      }
      rssMax = Math.max(rssMax, server.rssKb());
      prev = now;
    }
    Window w = new Window();
    w.seconds = (prev[0] - first) / 1e9;
    w.loadAverage = Proc.loadAverage();
    double machine = (Proc.machineBusyMillis() - machine0) / w.seconds / 10.0;
    w.serverCpu = median(s[0]);
    w.loadCpu = median(s[1]);
    w.deliveries = median(s[2]);
    w.published = median(s[3]);
    // bytes and polls arrive in bursts (a metric every 5 s): means over the window, not medians
    w.sseBytesIn = mean(s[4]);
    w.sseBytesOut = mean(s[5]);
    w.pollBytesIn = mean(s[6]);
    w.pollBytesOut = mean(s[7]);
    w.polls = mean(s[8]);
    w.pollEvents = median(s[9]);
    w.serverCpuMean = (prev[1] - firstServer) / w.seconds / 10.0;
    w.loadCpuMean = (prev[2] - firstSelf) / w.seconds / 10.0;
    w.totalDeliveries = prev[3] - firstDeliveries;
    w.othersCpu = Math.max(0, machine - w.serverCpuMean - w.loadCpuMean);
    w.rssKbMax = rssMax;
    w.latency = gen.latency.getIntervalHistogram();
    w.pollLatency = gen.pollLatency.getIntervalHistogram();
    return w;
  }

  private static long[] snapshot(BenchServer server, LoadGen gen, Publisher p, long self) {
    return new long[] {
      System.nanoTime(),
      server.cpuMillis(),
      Proc.cpuMillis(self),
      gen.deliveries.sum(),
      p == null ? 0 : p.sent.sum(),
      gen.sseBytesIn.sum(),
      gen.sseBytesOut.sum(),
      gen.pollBytesIn.sum(),
      gen.pollBytesOut.sum(),
      gen.polls.sum(),
      gen.pollEvents.sum()
    };
  }

  static double mean(double[] values) {
    return Arrays.stream(values).average().orElse(0);
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return 0;
    }
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static double median(List<Double> values) {
    return median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  static List<Double> list() {
    return new ArrayList<>();
  }
}
