package io.livelog.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Reads a server log that Payara Micro writes with {@code --logtofile} (as server.log.N). */
public final class ServerLog {

  private ServerLog() {}

  public static String read(Path dir) {
    try (var files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("server.log"))
          .sorted()
          .map(ServerLog::text)
          .collect(Collectors.joining("\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes earlier logs so a test reads only its own server's. */
  public static void clear(Path dir) {
    try {
      Files.createDirectories(dir);
      try (var files = Files.list(dir)) {
        for (Path file :
            files.filter(f -> f.getFileName().toString().startsWith("server.log")).toList()) {
          Files.delete(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
