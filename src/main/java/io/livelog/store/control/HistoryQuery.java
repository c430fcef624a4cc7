package io.livelog.store.control;

import io.livelog.events.control.EventFilter;
import io.livelog.events.control.EventIds;
import io.livelog.events.control.HistorySearch;
import io.livelog.events.control.InvalidFilterException;
import io.livelog.events.entity.Level;
import io.livelog.events.entity.Recorded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.OptionalLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One history request ({@code GET /api/logs}), whichever door it came through: its parameters
 * checked (an {@link InvalidFilterException} names the bad one), the page read from memory and the
 * store, and the answer's JSON array written from the events' stored JSON.
 */
@ApplicationScoped
public class HistoryQuery {

  /** The request's parameters as given; null or empty when absent. */
  public record Params(
      String after,
      String before,
      String limit,
      String level,
      List<String> loggers,
      List<String> sources,
      List<String> apps,
      String query,
      String from,
      String to,
      String regex) {}

  /**
   * The answer: a JSON array, oldest first, and the id a search that ran out of time reached (empty
   * when the range was read completely).
   */
  public record Page(String json, OptionalLong scannedTo) {}

  @Inject StoredHistory history;

  @Inject
  @ConfigProperty(name = "livelog.history.searchMillis", defaultValue = "2000")
  long searchMillis;

  public Page run(Params p) {
    EventFilter filter = EventFilter.of(p.level(), p.loggers(), p.sources(), p.apps(), p.query());
    int max = limit(p.limit());
    boolean hasAfter = p.after() != null && !p.after().isEmpty();
    boolean hasBefore = p.before() != null && !p.before().isEmpty();
    if (hasAfter && hasBefore) {
      throw new InvalidFilterException("before", "use either after or before, not both");
    }
    HistorySearch search =
        HistorySearch.of(filter, p.from(), p.to(), p.regex(), searchMillis)
            .atLeast(p.level() == null ? null : Level.parse(p.level()).orElse(null));
    StoredHistory.Found found =
        hasAfter
            ? history.after(
                EventIds.parse("after", p.after()).getAsLong(), Long.MAX_VALUE, search, max)
            : history.before(
                EventIds.parse("before", p.before()).orElse(Long.MAX_VALUE), search, max);
    List<Recorded> events = found.events();
    StringBuilder json = new StringBuilder(events.size() * 256 + 2).append('[');
    for (Recorded event : events) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append(event.json());
    }
    return new Page(
        json.append(']').toString(),
        found.expired() ? OptionalLong.of(found.scannedTo()) : OptionalLong.empty());
  }

  private static int limit(String text) {
    if (text == null || text.isEmpty()) {
      return 100;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= 1000) {
        return limit;
      }
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw new InvalidFilterException("limit", "limit must be a whole number from 1 to 1000");
  }
}
