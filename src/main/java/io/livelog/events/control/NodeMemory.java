package io.livelog.events.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The node's one memory budget ({@code livelog.memory.maxBytes}, issue 17): the bytes every part
 * that holds events retains now (history, the relay's and the cluster appender's queues, the
 * store's queue, the live stream), each part reporting its own figure. Each part keeps its own
 * bound as well; this one binds when they together exceed it. Over it the stream trims its rings
 * first, which cuts the furthest laggards ({@link #over}); producers are refused only when what
 * cannot be trimmed is over it ({@link #refuses}).
 */
@ApplicationScoped
public class NodeMemory {

  /** The parts that hold events. */
  public enum Part {
    HISTORY("history"),
    RELAY("relay"),
    CLUSTER("cluster"),
    STORE("store"),
    STREAM("stream");

    private final String key;

    Part(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  private static final LongSupplier NOTHING = () -> 0;

  @Inject
  @ConfigProperty(name = "livelog.memory.maxBytes", defaultValue = "402653184")
  long budget;

  private final Map<Part, LongSupplier> parts = new ConcurrentHashMap<>();
  private volatile LongSupplier trimmable = NOTHING;

  public NodeMemory() {}

  /** A budget of {@code budget} bytes (unit tests). */
  public NodeMemory(long budget) {
    this.budget = budget;
  }

  /** A part reports what it holds now through {@code bytes} (cheap: it is read often). */
  public void measure(Part part, LongSupplier bytes) {
    parts.put(part, bytes);
  }

  /** What of the stream's bytes trimming can free (the rings), before producers are refused. */
  public void trimmable(LongSupplier bytes) {
    trimmable = bytes;
  }

  public long budget() {
    return budget;
  }

  public long total() {
    long sum = 0;
    for (LongSupplier bytes : parts.values()) {
      sum += bytes.getAsLong();
    }
    return sum;
  }

  /** Each part's bytes now, every part named (0 for one this node does not have). */
  public Map<Part, Long> parts() {
    Map<Part, Long> out = new EnumMap<>(Part.class);
    for (Part part : Part.values()) {
      out.put(part, parts.getOrDefault(part, NOTHING).getAsLong());
    }
    return out;
  }

  /** Over the budget: the stream trims its largest ring. */
  public boolean over() {
    return total() > budget;
  }

  /**
   * Whether {@code adding} more bytes must be refused: only when the node would be over its budget
   * even with every ring trimmed (a producer is refused as the last resort, after the laggards).
   */
  public boolean refuses(long adding) {
    return total() - trimmable.getAsLong() + adding > budget;
  }
}
