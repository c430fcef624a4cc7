package io.livelog.bench;

import java.util.Locale;

/**
 * What the kernel's TCP sockets held during a window, sampled: the peak, and when it was above the
 * machine's pressure threshold ({@code net.ipv4.tcp_mem}), where Linux holds every TCP socket,
 * healthy ones included, to small buffers. On loopback a socket nobody reads takes megabytes of
 * send buffer, so a thousand of them can put the whole machine there.
 */
final class KernelTcpMemory {

  private final long pressure = Proc.tcpMemPressureBytes();
  private long peak = -1;
  private long firstOver = -1;
  private long lastOver = -1;

  /** One sample, {@code nanos} after the window began; called from one thread. */
  synchronized void sample(long nanos) {
    long now = Proc.tcpMemBytes();
    peak = Math.max(peak, now);
    if (pressure > 0 && now > pressure) {
      if (firstOver < 0) {
        firstOver = nanos;
      }
      lastOver = nanos;
    }
  }

  synchronized String describe() {
    if (peak < 0 || pressure < 0) {
      return "kernel TCP memory not readable";
    }
    String over =
        firstOver < 0
            ? "never above it"
            : String.format(
                Locale.ROOT,
                "above it from %.1f s to %.1f s of the feed",
                firstOver / 1e9,
                lastOver / 1e9);
    return String.format(
        Locale.ROOT,
        "kernel TCP memory (all sockets) peak %.0f MB, pressure threshold %.0f MB"
            + " (net.ipv4.tcp_mem), %s",
        peak / 1048576.0,
        pressure / 1048576.0,
        over);
  }
}
