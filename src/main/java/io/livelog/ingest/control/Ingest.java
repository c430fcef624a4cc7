package io.livelog.ingest.control;

import io.livelog.events.entity.LogEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One ingest body, whichever door it came through: bounded read, parse (JSON or NDJSON), the batch
 * bound, then through {@link Intake} (the relay, and the store's commit when it acknowledges) whole
 * or not at all. Refusals are exceptions the boundary maps to problem+json: {@link IngestException}
 * (400, naming the field), {@link IngestRefused} (413, 503).
 */
@ApplicationScoped
public class Ingest {

  public static final String JSON = "application/json";
  public static final String NDJSON = "application/x-ndjson";

  @Inject Intake intake;

  @Inject
  @ConfigProperty(name = "livelog.ingest.maxBytes", defaultValue = "1048576")
  long maxBytes;

  /**
   * Reads, parses and queues a body of the declared length (-1 when unknown).
   *
   * @return how many events were accepted
   */
  public int take(InputStream body, long declaredLength, boolean ndjson) throws IOException {
    String text = new String(read(body, declaredLength), StandardCharsets.UTF_8);
    IngestParser parser = new IngestParser(System.currentTimeMillis());
    List<LogEvent> events = ndjson ? parser.parseNdjson(text) : parser.parseJson(text);
    accept(events);
    return events.size();
  }

  /** A body of the declared length (-1 when unknown), refused (413) above {@code maxBytes}. */
  public byte[] read(InputStream body, long declaredLength) throws IOException {
    if (declaredLength > maxBytes) {
      throw tooLarge();
    }
    byte[] bytes = readAtMost(body, maxBytes);
    if (bytes == null) {
      throw tooLarge();
    }
    return bytes;
  }

  /** Queues parsed events whole (and waits for the store's commit when it acknowledges), or not. */
  public void accept(List<LogEvent> events) {
    if (events.size() > intake.capacity()) {
      throw IngestRefused.tooLarge(
          "a batch may hold at most " + intake.capacity() + " events; split it");
    }
    switch (intake.take(events)) {
      case FULL ->
          throw IngestRefused.unavailable(
              1, "the events were not taken: the ingest queue is full; retry shortly");
      case UNCONFIRMED ->
          throw IngestRefused.unavailable(
              1, "the cluster did not confirm the events in time; retry (they may arrive twice)");
      case STORE_REFUSED ->
          throw IngestRefused.unavailable(
              5,
              "the events were not stored: the store's disk is nearly full, its queue is full or"
                  + " it failed; retry later");
      case STORE_TIMEOUT ->
          throw IngestRefused.unavailable(
              1, "the store did not confirm the events in time; retry (they may arrive twice)");
      case ACCEPTED -> {
        // committed (or queued, with livelog.store.ack=memory)
      }
    }
  }

  /**
   * Whether a {@code Content-Type} header is NDJSON (true) or JSON (false); null when it is
   * neither, missing, or not a media type at all (415).
   */
  public static Boolean ndjson(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    String type =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .trim()
            .toLowerCase(java.util.Locale.ROOT);
    return switch (type) {
      case JSON -> Boolean.FALSE;
      case NDJSON -> Boolean.TRUE;
      default -> null;
    };
  }

  /** The answer to an accepted body. */
  public static String accepted(int count) {
    return "{\"accepted\":" + count + "}";
  }

  private IngestRefused tooLarge() {
    return IngestRefused.tooLarge("the body is larger than " + maxBytes + " bytes");
  }

  /** The body, or null when it is longer than {@code limit} bytes. */
  private static byte[] readAtMost(InputStream in, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    byte[] buffer = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) != -1) {
      total += n;
      if (total > limit) {
        return null;
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
