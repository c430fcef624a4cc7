package io.livelog.cluster.control;

import io.livelog.events.control.HistoryBuffer;
import io.livelog.events.control.Node;
import io.livelog.events.control.NodeMemory;
import io.livelog.events.control.PreparedEvent;
import io.livelog.events.control.Sequencer;
import io.livelog.events.control.Threads;
import io.livelog.events.entity.HistoryRestarted;
import io.livelog.events.entity.RecordedBatch;
import io.livelog.stats.control.Counters;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Livelog's side of the cluster, when Payara's data grid is there ({@link GridLookup}): the cluster
 * node's {@link Sequencer}. This node's events go to the cluster's log ({@link GridAppender}),
 * which orders them; every node's events come back from it ({@link GridReader}) with their
 * cluster-wide ids into the local history, the store and the stream. Without a grid it is inactive
 * and the {@link io.livelog.events.control.LocalSequencer} orders events, exactly as a single node
 * always did.
 */
@ApplicationScoped
public class ClusterRelay implements Sequencer {

  private static final Logger LOG = Logger.getLogger(ClusterRelay.class.getName());
  private static final long PUBLISH_MILLIS = 2000;

  @Inject HistoryBuffer history;
  @Inject Counters counters;
  @Inject Node node;
  @Inject Event<RecordedBatch> recorded;
  @Inject Event<HistoryRestarted> restarted;
  @Inject NodeMemory memory;

  @Inject
  @ConfigProperty(name = "livelog.cluster.enabled", defaultValue = "true")
  boolean enabled;

  /** Events the cluster's log holds; every node should use the same value. */
  @Inject
  @ConfigProperty(name = "livelog.cluster.logSize", defaultValue = "10000")
  int logSize;

  @Inject
  @ConfigProperty(name = "livelog.relay.capacity", defaultValue = "65536")
  int capacity;

  @Inject
  @ConfigProperty(name = "livelog.relay.maxBytes", defaultValue = "33554432")
  long maxBytes;

  /** How long an ingest or a {@code fire()} waits for the grid to confirm its events. */
  @Inject
  @ConfigProperty(name = "livelog.cluster.ackMillis", defaultValue = "10000")
  long ackMillis;

  /** Readiness is DOWN while the grid shows fewer members than this. */
  @Inject
  @ConfigProperty(name = "livelog.cluster.minMembers", defaultValue = "1")
  int minMembers;

  @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
  ManagedThreadFactory threadFactory;

  private Grid grid;
  private GridAppender appender;
  private GridReader reader;
  private volatile boolean running;
  private final List<Thread> threads = new ArrayList<>();

  @PostConstruct
  void init() {
    Optional<Grid> found = enabled ? GridLookup.find(Math.max(1, logSize)) : Optional.empty();
    if (found.isEmpty()) {
      return;
    }
    grid = found.get();
    appender = new GridAppender(grid, counters, capacity, maxBytes, ackMillis);
    memory.measure(NodeMemory.Part.CLUSTER, appender::queuedBytes);
    // every observer of recorded batches (the stream among them) is created here, on the
    // deploying thread, by an empty batch: created later on the reader's thread, Payara could not
    // inject its configuration
    recorded.fire(new RecordedBatch(List.of()));
    reader = new GridReader(grid, history, counters, recorded::fire, restarted::fire);
    reader.open();
    running = true;
    threads.add(loop("cluster-reader", () -> reader.step(500)));
    threads.add(
        loop(
            "cluster-appender",
            () -> {
              appender.step();
              return null;
            }));
    threads.add(loop("cluster-stats", this::publish));
    LOG.info(
        "Livelog: clustered through Payara's data grid, "
            + grid.members()
            + " member(s), reading the cluster's log from sequence "
            + grid.head());
  }

  /** Makes the relay start with the application, not at its first event. */
  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    active();
  }

  @PreDestroy
  void stop() {
    running = false;
    for (Thread thread : threads) {
      thread.interrupt();
    }
    for (Thread thread : threads) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (grid != null) {
      grid.close();
    }
  }

  private interface Step {
    Object run() throws Exception;
  }

  private Thread loop(String role, Step step) {
    Thread thread =
        threadFactory.newThread(
            () -> {
              while (running) {
                try {
                  step.run();
                } catch (InterruptedException e) {
                  if (!running) {
                    return;
                  }
                } catch (Throwable e) {
                  // the grid may be migrating or gone for a while: never end the loop
                  LOG.log(Level.FINE, "Livelog cluster " + role + " failed", e);
                  pause();
                }
              }
            });
    thread.setName(Threads.PREFIX + role);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Object publish() throws InterruptedException {
    grid.publish(node.name(), nodeJson());
    Thread.sleep(PUBLISH_MILLIS);
    return null;
  }

  private String nodeJson() {
    return io.livelog.events.control.JsonFactories.object()
        .add("node", node.name())
        .add("eventsIn", counters.eventsIn())
        .add("eventsOut", counters.eventsOut())
        .add("subscribers", counters.subscribers())
        .add("clustered", true)
        .add("lag", lag())
        .add("ts", System.currentTimeMillis())
        .build()
        .toString();
  }

  /** Whether this node is clustered (the grid was found at start). */
  public boolean active() {
    return grid != null;
  }

  /**
   * Hands prepared events to the cluster, in order. With {@code acknowledged} (an ingest answer)
   * the caller waits until the grid stored them with their backup (at most {@code
   * livelog.cluster.ackMillis}) and learns the id of the last, so it can wait for the store too;
   * without it (a {@code fire()}, a captured record) it never waits. A failure of the grid is
   * counted once, by the appender.
   */
  @Override
  public Submitted append(List<PreparedEvent> events, long bytes, boolean acknowledged) {
    if (events.isEmpty()) {
      return Submitted.DONE;
    }
    if (memory.refuses(bytes)) {
      return Submitted.REFUSED;
    }
    CompletableFuture<Long> stored = appender.submit(events, bytes);
    if (stored == null) {
      return Submitted.REFUSED;
    }
    if (!acknowledged) {
      return Submitted.DONE;
    }
    try {
      long last = stored.get(ackMillis + 1000, TimeUnit.MILLISECONDS);
      return last < 0 ? Submitted.UNCONFIRMED : Submitted.confirmed(reader.idOf(last));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Submitted.UNCONFIRMED;
    } catch (ExecutionException | TimeoutException e) {
      return Submitted.UNCONFIRMED;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int queued() {
    return appendQueued();
  }

  /** Members of the grid this node sees now; 1 when not clustered. */
  public int members() {
    return grid == null ? 1 : safely(grid::members, 0);
  }

  /** Every node's latest published counters (JSON objects), by node name; empty when single. */
  public Map<String, String> nodes() {
    return grid == null ? Map.of() : safely(grid::nodes, Map.of());
  }

  /** Events the cluster's log holds that this node has not read yet; 0 when single. */
  public long lag() {
    return grid == null ? 0 : safely(reader::lag, -1L);
  }

  /** Whether this node is in a working grid: its member runs, the reader reads, enough members. */
  public boolean healthy() {
    return grid == null
        || running && grid.running() && reader.failure() == null && members() >= minMembers;
  }

  /** Why {@link #healthy()} is false, or null. */
  public String problem() {
    if (healthy()) {
      return null;
    }
    if (!grid.running()) {
      return "this node's data grid member is not running";
    }
    if (reader.failure() != null) {
      return "reading the cluster's log fails: " + reader.failure();
    }
    return "the grid shows " + members() + " member(s), fewer than " + minMembers;
  }

  public int appendQueued() {
    return appender == null ? 0 : appender.queued();
  }

  private static <T> T safely(Supplier<T> read, T otherwise) {
    try {
      return read.get();
    } catch (RuntimeException e) {
      return otherwise;
    }
  }

  /**
   * Whether this node is the one to act on {@code key} (for example to post an alert's webhook):
   * always when not clustered, else when this node claimed it first in the grid (blocking; never on
   * Livelog's relay or grid threads).
   *
   * @throws RuntimeException when the grid did not answer; the caller decides what that means
   */
  public boolean claim(String key, long ttlSeconds) {
    return grid == null || grid.claim(key, ttlSeconds);
  }
}
