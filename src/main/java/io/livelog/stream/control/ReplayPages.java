package io.livelog.stream.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.livelog.events.control.EventFilter;
import io.livelog.events.control.HistoryBuffer.Page;
import io.livelog.events.entity.Recorded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Replay pages read once and encoded once for every subscriber that resumes the same range with the
 * same filter (a restart or a network blip makes hundreds of browsers resume from nearly one id): a
 * page is the frames of the events after an id, with the range it covers ({@code scannedTo}) and
 * any gap. A page read for one subscriber serves another whose snapshot ends after the page's last
 * scanned id (it holds nothing that subscriber gets live), so nothing is lost or doubled. Bounded
 * in bytes ({@link #MAX_BYTES}) and kept for seconds only; the frames it holds count in the
 * stream's memory.
 */
final class ReplayPages {

  static final long MAX_BYTES = 16L << 20;

  /** Where pages are read: the ring, or the ring with the store behind it. */
  interface Source {
    Page page(long afterId, long before, EventFilter filter, int limit);
  }

  /** A page as frames of at most {@link Chunk#MAX_BYTES} of events, and what it covered. */
  record Encoded(List<Frame> frames, long bytes, long missedFrom, long missedTo, long scannedTo) {

    boolean missed() {
      return missedFrom >= 0;
    }
  }

  private record Key(String filter, long afterId, int limit) {}

  private final Source source;
  private final StreamMemory memory;
  private final Cache<Key, Encoded> pages;

  ReplayPages(Source source, StreamMemory memory) {
    this(source, memory, Ticker.systemTicker());
  }

  /** As above, on {@code ticker}'s clock (tests). */
  ReplayPages(Source source, StreamMemory memory, Ticker ticker) {
    this.source = source;
    this.pages =
        Caffeine.newBuilder()
            .ticker(ticker)
            .maximumWeight(MAX_BYTES)
            .<Key, Encoded>weigher((key, page) -> (int) Math.min(Integer.MAX_VALUE, page.bytes()))
            .expireAfterWrite(Duration.ofSeconds(10))
            .executor(Runnable::run)
            .removalListener(
                (Key key, Encoded page, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                  if (page != null) {
                    memory.replay(-page.bytes());
                  }
                })
            .build();
    this.memory = memory;
  }

  /**
   * The page of events after {@code afterId} and before {@code before} that match {@code filter},
   * at most {@code limit}: shared when another subscriber read it already and it ends before {@code
   * before}, else read now (and shared when it may serve others).
   */
  Encoded page(long afterId, long before, EventFilter filter, int limit) {
    Key key = new Key(filter.key(), afterId, limit);
    Encoded shared = pages.getIfPresent(key);
    if (shared != null && shared.scannedTo() < before) {
      return shared;
    }
    Encoded read = encode(source.page(afterId, before, filter, limit));
    if (read.scannedTo() > afterId) {
      memory.replay(read.bytes());
      pages.put(key, read);
    }
    return read;
  }

  /** Lets go of expired pages now (their bytes leave the stream's memory with them). */
  void cleanUp() {
    pages.cleanUp();
  }

  /** Pages held now (tests). */
  long size() {
    pages.cleanUp();
    return pages.estimatedSize();
  }

  private static Encoded encode(Page page) {
    List<Frame> frames = new ArrayList<>();
    List<Recorded> part = new ArrayList<>();
    long bytes = 0;
    int size = 0;
    for (Recorded event : page.events()) {
      int length = event.utf8().length + 1;
      if (!part.isEmpty() && size + length > Chunk.MAX_BYTES) {
        Frame frame = Chunk.of(part).frame();
        frames.add(frame);
        bytes += frame.size();
        part.clear();
        size = 0;
      }
      part.add(event);
      size += length;
    }
    if (!part.isEmpty()) {
      Frame frame = Chunk.of(part).frame();
      frames.add(frame);
      bytes += frame.size();
    }
    return new Encoded(
        List.copyOf(frames), bytes, page.missedFrom(), page.missedTo(), page.scannedTo());
  }
}
