package io.livelog.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What Linux says about a process: CPU time, resident memory, threads, open files. */
final class Proc {

  private static final long TICKS = clockTicks();
  private static final long PAGE = 4096;

  private Proc() {}

  /** User plus system CPU time of the process in milliseconds (utime + stime of /proc/pid/stat). */
  static long cpuMillis(long pid) {
    String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
    if (stat == null) {
      return -1;
    }
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // after the command: state(3) ppid(4) ... utime(14) stime(15), counted from 1 over the line
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return ticks * 1000 / TICKS;
  }

  /**
   * CPU time in milliseconds of the JVM's JIT compiler threads ({@code C1/C2 CompilerThread}) of a
   * process: work that fades once the code is warm, reported apart from the request path's.
   */
  static long compilerCpuMillis(long pid) {
    java.io.File[] tasks = new java.io.File("/proc/" + pid + "/task").listFiles();
    if (tasks == null) {
      return -1;
    }
    long ticks = 0;
    for (java.io.File task : tasks) {
      String comm = read(task.toPath().resolve("comm"));
      String stat = read(task.toPath().resolve("stat"));
      if (comm == null || stat == null || !comm.contains("CompilerThre")) {
        continue;
      }
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
    return ticks * 1000 / TICKS;
  }

  /** Busy CPU time of the whole machine in milliseconds (all of /proc/stat's cpu line but idle). */
  static long machineBusyMillis() {
    String stat = read(Path.of("/proc/stat"));
    if (stat == null) {
      return -1;
    }
    String[] f = stat.substring(0, stat.indexOf('\n')).trim().split("\\s+");
    long busy = 0;
    for (int i = 1; i < f.length && i <= 8; i++) {
      if (i != 4 && i != 5) { // idle and iowait
        busy += Long.parseLong(f[i]);
      }
    }
    return busy * 1000 / TICKS;
  }

  static double loadAverage() {
    String load = read(Path.of("/proc/loadavg"));
    return load == null ? -1 : Double.parseDouble(load.split(" ")[0]);
  }

  static long rssKb(long pid) {
    return statusField(pid, "VmRSS:");
  }

  static long threads(long pid) {
    return statusField(pid, "Threads:");
  }

  static long openFiles(long pid) {
    String[] fds = new java.io.File("/proc/" + pid + "/fd").list();
    return fds == null ? -1 : fds.length;
  }

  /** The soft limit on open files of a process, from /proc/pid/limits. */
  static long fileLimit(long pid) {
    String limits = read(Path.of("/proc", Long.toString(pid), "limits"));
    if (limits == null) {
      return -1;
    }
    for (String line : limits.split("\n")) {
      if (line.startsWith("Max open files")) {
        String[] parts = line.substring("Max open files".length()).trim().split("\\s+");
        return "unlimited".equals(parts[0]) ? Long.MAX_VALUE : Long.parseLong(parts[0]);
      }
    }
    return -1;
  }

  /**
   * Bytes the kernel's TCP sockets hold now, all of them on the machine (the pages of {@code
   * /proc/net/sockstat}'s "TCP: ... mem"); -1 when unknown.
   */
  static long tcpMemBytes() {
    String sockstat = read(Path.of("/proc/net/sockstat"));
    if (sockstat == null) {
      return -1;
    }
    for (String line : sockstat.split("\n")) {
      int at = line.indexOf(" mem ");
      if (line.startsWith("TCP:") && at > 0) {
        return Long.parseLong(line.substring(at + 5).trim()) * PAGE;
      }
    }
    return -1;
  }

  /**
   * The kernel's TCP memory pressure threshold in bytes (the middle of {@code net.ipv4.tcp_mem}):
   * above it, every TCP socket of the machine is held to small buffers; -1 when unknown.
   */
  static long tcpMemPressureBytes() {
    // a sysctl file answers one read only: Files.readString's first, one-byte read gets one digit
    try (java.io.InputStream in = Files.newInputStream(Path.of("/proc/sys/net/ipv4/tcp_mem"))) {
      String limits = new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.US_ASCII);
      return Long.parseLong(limits.trim().split("\\s+")[1]) * PAGE;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static long self() {
    return ProcessHandle.current().pid();
  }

  private static long statusField(long pid, String name) {
    String status = read(Path.of("/proc", Long.toString(pid), "status"));
    if (status == null) {
      return -1;
    }
    for (String line : status.split("\n")) {
      if (line.startsWith(name)) {
        return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
      }
    }
    return -1;
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      return null;
    }
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return Long.parseLong(out);
    } catch (Exception e) {
      return 100;
    }
  }
}
