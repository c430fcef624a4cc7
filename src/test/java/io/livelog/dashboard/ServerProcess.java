package io.livelog.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The server's process, found by its listening port in /proc (Linux), and its CPU time. */
final class ServerProcess {

  private static final double TICK_MILLIS = 10; // USER_HZ is 100 on Linux

  private ServerProcess() {}

  /** The pid of the process with a socket listening on this TCP port, or -1. */
  static long listening(int port) {
    String inode = listeningInode(port);
    if (inode == null) {
      return -1;
    }
    String target = "socket:[" + inode + "]";
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
          for (Path fd : fds.toList()) {
            try {
              if (target.equals(Files.readSymbolicLink(fd).toString())) {
                return Long.parseLong(proc.getFileName().toString());
              }
            } catch (IOException e) {
              // gone, or not ours
            }
          }
        } catch (IOException | SecurityException e) {
          // not ours to read
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  private static String listeningInode(int port) {
    String hex = String.format(":%04X", port);
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of(table))) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 9 && f[1].endsWith(hex) && "0A".equals(f[3])) {
            return f[9];
          }
        }
      } catch (IOException e) {
        // no such table
      }
    }
    return null;
  }

  /** User plus system CPU milliseconds the process has used, or NaN when unknown. */
  static double cpuMillis(long pid) {
    if (pid < 0) {
      return Double.NaN;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_MILLIS;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
