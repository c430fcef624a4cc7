package io.livelog.stream.control;

import io.livelog.events.control.EventFilter;
import io.livelog.events.control.EventJson;
import io.livelog.events.control.HistoryBuffer;
import io.livelog.events.control.JsonFactories;
import io.livelog.events.control.Node;
import io.livelog.events.control.NodeMemory;
import io.livelog.events.control.Threads;
import io.livelog.events.entity.Alert;
import io.livelog.events.entity.HistoryRestarted;
import io.livelog.events.entity.MetricSample;
import io.livelog.events.entity.RecordedBatch;
import io.livelog.stats.control.Counters;
import io.livelog.stats.control.Counters.Drop;
import io.livelog.store.control.StoredHistory;
import io.livelog.stream.control.StreamLimitException.Limit;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The registry of subscribers and the fan-out to them (ADR 0004). Subscribers with equal filters
 * form one {@link FilterGroup}, so an event is matched and encoded once per distinct filter; the
 * groups are served by a few {@link FanOut} shard threads, off the relay's thread; subscribers
 * write on a few writer threads that never block ({@link Subscriber}). Resuming is the {@link
 * Replay}'s, whose pages are read on two replay readers, never on a writer. Every 250 ms a tick
 * cuts the stalled and the too-far-behind and pings idle streams (each second while the node is
 * small, so a client that went away is released within seconds: {@link StreamSettings#quietNanos}).
 */
@ApplicationScoped
public class StreamHub {

  private static final Logger LOG = Logger.getLogger(StreamHub.class.getName());
  private static final long TICK_MILLIS = 250;
  private static final long CLOSE_MILLIS = 500;

  /** Threads that read replay pages (from the ring, or the store behind it) off the writers. */
  private static final int REPLAY_READERS = 2;

  @Inject HistoryBuffer history;

  /** History with the store behind the ring; unit tests leave it null (the ring alone). */
  @Inject StoredHistory stored;

  @Inject Counters counters;
  @Inject Node node;

  /** The node's budget; unit tests may leave it null (the stream's own budget alone). */
  @Inject NodeMemory nodeMemory;

  @Inject
  @ConfigProperty(name = "livelog.subscribers.max", defaultValue = "50000")
  int maxSubscribers;

  @Inject
  @ConfigProperty(name = "livelog.subscribers.perUser", defaultValue = "64")
  int maxPerUser;

  @Inject
  @ConfigProperty(name = "livelog.filters.max", defaultValue = "1000")
  int maxFilters;

  @Inject
  @ConfigProperty(name = "livelog.subscriber.maxPendingBytes", defaultValue = "4194304")
  long groupBytes;

  @Inject
  @ConfigProperty(name = "livelog.stream.maxBytes", defaultValue = "268435456")
  long memoryBytes;

  @Inject
  @ConfigProperty(name = "livelog.subscriber.stallSeconds", defaultValue = "30")
  int stallSeconds;

  @Inject
  @ConfigProperty(name = "livelog.heartbeat.seconds", defaultValue = "15")
  int heartbeatSeconds;

  @Inject
  @ConfigProperty(name = "livelog.health.seconds", defaultValue = "5")
  int healthSeconds;

  @Inject
  @ConfigProperty(name = "livelog.retry.millis", defaultValue = "2000")
  long retryMillis;

  @Inject
  @ConfigProperty(name = "livelog.stream.writers", defaultValue = "0")
  int writers;

  @Inject
  @ConfigProperty(name = "livelog.stream.fanOutThreads", defaultValue = "0")
  int fanOutThreads;

  @Inject
  @ConfigProperty(name = "livelog.stream.writeRate", defaultValue = "50000")
  int writeRate;

  @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
  ManagedThreadFactory threadFactory;

  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, Integer> perUser = new ConcurrentHashMap<>();
  private final AtomicInteger slots = new AtomicInteger();
  private final AtomicInteger groupCount = new AtomicInteger();
  private volatile Frame lastMetric;
  private StreamSettings settings;
  private StreamMemory memory;
  private ReplayPages replayPages;
  private String openData;
  private ExecutorService writerPool;
  private FanOut fanOut;
  private ScheduledExecutorService ticker;
  private ScheduledExecutorService lingerTimer;
  private Linger linger;
  private ExecutorService closer;
  private ExecutorService replayReaders;

  @PostConstruct
  void init() {
    start(
        new StreamSettings(
            maxSubscribers,
            maxPerUser,
            maxFilters,
            groupBytes,
            memoryBytes,
            stallSeconds,
            heartbeatSeconds,
            healthSeconds,
            retryMillis,
            writers,
            fanOutThreads,
            writeRate),
        threadFactory);
  }

  /** Starts with these settings; the container's threads come from {@code threads}. */
  void start(StreamSettings settings, ThreadFactory threads) {
    this.settings = settings;
    this.memory = new StreamMemory(settings.memoryBytes());
    this.replayPages =
        new ReplayPages(
            (after, before, filter, limit) ->
                stored == null
                    ? history.page(after, before, filter, limit)
                    : stored.page(after, before, filter, limit),
            memory);
    if (nodeMemory != null) {
      nodeMemory.measure(NodeMemory.Part.STREAM, memory::total);
      nodeMemory.trimmable(memory::streams);
    }
    openData =
        JsonFactories.object()
            .add("node", node.name())
            .add("retryMillis", settings.retryMillis())
            .add(
                "heartbeatMillis",
                TimeUnit.SECONDS.toMillis(Math.max(1, settings.heartbeatSeconds())))
            .add("healthMillis", TimeUnit.SECONDS.toMillis(Math.max(1, settings.healthSeconds())))
            .build()
            .toString();
    writerPool = Executors.newFixedThreadPool(settings.writerThreads(), named(threads, "writer"));
    fanOut =
        new FanOut(
            settings.shardThreads(),
            named(threads, "fanout"),
            memory,
            this::groupFailed,
            this::shardOverloaded,
            this::trim);
    closer = Executors.newFixedThreadPool(2, named(threads, "closer"));
    replayReaders = Executors.newFixedThreadPool(REPLAY_READERS, named(threads, "replay"));
    lingerTimer = Executors.newSingleThreadScheduledExecutor(named(threads, "linger"));
    linger = Linger.on(lingerTimer, settings.writeRate(), subscribers::size);
    ticker = Executors.newSingleThreadScheduledExecutor(named(threads, "heartbeat"));
    ticker.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  private static ThreadFactory named(ThreadFactory threads, String role) {
    AtomicInteger n = new AtomicInteger();
    return task -> {
      Thread t = threads.newThread(task);
      t.setName(Threads.PREFIX + role + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @PreDestroy
  void shutdown() {
    ticker.shutdownNow();
    lingerTimer.shutdownNow();
    fanOut.shutdown();
    for (Subscriber subscriber : List.copyOf(subscribers)) {
      gone(subscriber);
    }
    writerPool.shutdown();
    try {
      writerPool.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writerPool.shutdownNow();
    replayReaders.shutdownNow();
    closer.shutdown();
  }

  /**
   * Ends a subscriber's response off the writer threads: completing the response of a client that
   * stopped reading can make the container (Grizzly) flush what it still buffers for it, blocking.
   * A close that takes longer than {@value #CLOSE_MILLIS} ms is interrupted, which makes the
   * container fail that write and drop the connection, releasing its buffers.
   */
  void close(Sink sink) {
    try {
      closer.execute(() -> closeNow(sink));
    } catch (java.util.concurrent.RejectedExecutionException shutDown) {
      closeNow(sink);
    }
  }

  private void closeNow(Sink sink) {
    Thread closing = Thread.currentThread();
    Object lock = new Object();
    boolean[] done = new boolean[1];
    java.util.concurrent.ScheduledFuture<?> watchdog = null;
    try {
      watchdog =
          ticker.schedule(
              () -> {
                synchronized (lock) {
                  if (!done[0]) {
                    closing.interrupt();
                  }
                }
              },
              CLOSE_MILLIS,
              TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException shutDown) {
      // closing at shutdown: nothing to watch with
    }
    try {
      sink.close();
    } catch (RuntimeException ignored) {
      // the connection is already gone
    } finally {
      synchronized (lock) {
        done[0] = true;
      }
      if (watchdog != null) {
        watchdog.cancel(false);
      }
      Thread.interrupted();
    }
  }

  /**
   * Registers a subscriber and starts its stream: the opening frame, the latest health sample, then
   * the events after {@code lastEventId} that history holds (with a {@code gap} for any it no
   * longer holds), then live events. The subscriber joins its group before the history snapshot is
   * taken and skips every id up to the snapshot, or up to {@code lastEventId} when that is newer
   * (an id this node has not recorded yet: what comes up to it is the client's already), so nothing
   * is lost or doubled. The sink is opened last; writing starts when the container says it can.
   *
   * @param identity the authenticated caller, for {@code livelog.subscribers.perUser}
   * @throws StreamLimitException when a limit is reached; nothing is registered then
   */
  public void subscribe(
      EventFilter filter, OptionalLong lastEventId, Sink sink, String session, String identity) {
    long retryAfter = settings.retryAfterSeconds();
    if (slots.incrementAndGet() > settings.maxSubscribers()) {
      slots.decrementAndGet();
      throw new StreamLimitException(
          Limit.SUBSCRIBERS, retryAfter, "the stream is full: too many subscribers");
    }
    String user = identity == null ? "" : identity;
    if (perUser.merge(user, 1, Integer::sum) > settings.maxPerUser()) {
      release(user);
      slots.decrementAndGet();
      throw new StreamLimitException(
          Limit.PER_USER,
          retryAfter,
          "this identity already has " + settings.maxPerUser() + " streams open; close some first");
    }
    Subscriber subscriber = new Subscriber(sink, filter, session, user, writerPool, this);
    try {
      join(filter, subscriber);
    } catch (StreamLimitException e) {
      release(user);
      slots.decrementAndGet();
      throw e;
    }
    subscribers.add(subscriber);
    counters.subscribers(1);
    Frame open = Frame.open(settings.retryMillis(), openData);
    List<Frame> preamble = lastMetric == null ? List.of(open) : List.of(open, lastMetric);
    HistoryBuffer.Snapshot snapshot = history.snapshot();
    long upTo = snapshot.next() - 1;
    Replay replay = null;
    if (lastEventId.isPresent() && lastEventId.getAsLong() < upTo) {
      replay =
          new Replay(
              replayPages,
              filter,
              lastEventId.getAsLong(),
              snapshot.next(),
              memory,
              history.denseFrom(),
              replayReaders);
    } else if (lastEventId.isPresent()) {
      upTo = lastEventId.getAsLong();
    }
    subscriber.start(preamble, replay, upTo);
    sink.open(subscriber);
  }

  private void join(EventFilter filter, Subscriber subscriber) {
    FanOut.Shard shard = fanOut.shardOf(filter.key());
    shard.groups.compute(
        filter.key(),
        (key, group) -> {
          FilterGroup joined = group;
          if (joined == null) {
            if (groupCount.incrementAndGet() > settings.maxFilters()) {
              groupCount.decrementAndGet();
              throw new StreamLimitException(
                  Limit.FILTERS,
                  30,
                  "this node already serves "
                      + settings.maxFilters()
                      + " distinct filters; use a common one or retry later");
            }
            joined = new FilterGroup(filter, settings.groupBytes(), memory, linger);
          }
          joined.add(subscriber);
          return joined;
        });
  }

  private void release(String user) {
    perUser.computeIfPresent(user, (key, n) -> n <= 1 ? null : n - 1);
  }

  void onRecorded(@Observes RecordedBatch batch) {
    if (batch.events().isEmpty()) {
      return; // a cluster node's warm-up (ClusterRelay): this bean now exists
    }
    fanOut.publish(batch.events());
  }

  /**
   * History restarted at a later id (a cluster node fell behind): every live stream ends, and its
   * reconnect with {@code Last-Event-ID} gets the {@code gap} from {@link Replay}.
   */
  void onRestarted(@Observes HistoryRestarted restart) {
    for (Subscriber subscriber : subscribers) {
      gone(subscriber);
    }
  }

  /** An alert goes to every subscriber, whatever its filter; one that has too many is counted. */
  void onAlert(@Observes Alert alert) {
    Frame frame = Frame.event("alert", EventJson.toJson(alert));
    for (Subscriber subscriber : subscribers) {
      if (!subscriber.offerNotice(frame)) {
        counters.drop(Drop.alertOverflow, 1);
      }
    }
  }

  void onMetric(@Observes MetricSample sample) {
    Frame frame = Frame.event("metric", EventJson.toJson(sample));
    lastMetric = frame;
    for (Subscriber subscriber : subscribers) {
      subscriber.offerMetric(frame);
    }
  }

  /**
   * Every 250 ms: cuts subscribers that fell off their group's ring or accepted no byte for {@code
   * stallSeconds}, asks the container again for parked ones, pings idle streams, and lets expired
   * replay pages go.
   */
  private void tick() {
    try {
      long idle = settings.quietNanos(subscribers.size());
      long stall = TimeUnit.SECONDS.toNanos(Math.max(1, settings.stallSeconds()));
      long now = System.nanoTime();
      replayPages.cleanUp();
      for (Subscriber subscriber : subscribers) {
        if (subscriber.isClosed()) {
          gone(subscriber);
        } else if (subscriber.fellBehind() || subscriber.stalledNanos(now) > stall) {
          overflowed(subscriber);
        } else if (subscriber.isParked()) {
          // asks the container again: a write-possible notice it never sends must not leave a
          // reader parked until it is cut (four questions a second, not one per event)
          subscriber.retry();
        } else if (subscriber.idleNanos(now) >= idle) {
          subscriber.ping();
        }
      }
    } catch (RuntimeException e) {
      // the next tick tries again; a tick must never end the schedule
    }
  }

  /**
   * Over the stream's or the node's memory budget: drops the oldest chunk of the largest ring until
   * under it; the subscribers whose place that was are the furthest behind and are cut by the next
   * tick.
   */
  private void trim() {
    while (memory.over() || nodeMemory != null && nodeMemory.over()) {
      FilterGroup largest = null;
      for (FilterGroup group : fanOut.groups()) {
        if (largest == null || group.bytes() > largest.bytes()) {
          largest = group;
        }
      }
      if (largest == null || largest.evictOldest() == 0) {
        return;
      }
    }
  }

  /** A group's delivery failed: its subscribers are cut and resume; the other groups go on. */
  private void groupFailed(FilterGroup group, RuntimeException e) {
    LOG.log(Level.WARNING, "Livelog stream failed to deliver to " + group.filter(), e);
    for (Subscriber subscriber : group.members()) {
      overflowed(subscriber);
    }
  }

  /** A shard fell too far behind: its subscribers are cut and resume from history. */
  private void shardOverloaded(FanOut.Shard shard) {
    for (FilterGroup group : shard.groups.values()) {
      for (Subscriber subscriber : group.members()) {
        overflowed(subscriber);
      }
    }
  }

  /** Closes every stream of an HTTP session, as logout and session end do. */
  public int closeSession(String session) {
    int closed = 0;
    for (Subscriber subscriber : subscribers) {
      if (session != null && session.equals(subscriber.session())) {
        gone(subscriber);
        closed++;
      }
    }
    return closed;
  }

  /** Writer threads: a fixed few, whatever the clients do. */
  public int writerThreads() {
    return settings.writerThreads();
  }

  void delivered(int events) {
    counters.eventsOut(events);
  }

  /** Cuts a subscriber that cannot keep up (counted once, with the events it had not taken). */
  void overflowed(Subscriber subscriber) {
    if (remove(subscriber)) {
      counters.drop(Drop.subscriberOverflow, 1);
      subscriber.closeSink();
    }
  }

  void gone(Subscriber subscriber) {
    if (remove(subscriber)) {
      subscriber.closeSink();
    }
  }

  private boolean remove(Subscriber subscriber) {
    if (!subscriber.markClosed()) {
      return false;
    }
    if (subscribers.remove(subscriber)) {
      counters.subscribers(-1);
    }
    slots.decrementAndGet();
    release(subscriber.identity());
    long pending = subscriber.pendingEvents();
    if (pending > 0) {
      counters.drop(Drop.subscriberPending, pending);
    }
    FanOut.Shard shard = fanOut.shardOf(subscriber.filter().key());
    shard.groups.computeIfPresent(
        subscriber.filter().key(),
        (key, group) -> {
          if (group.remove(subscriber)) {
            group.clear();
            groupCount.decrementAndGet();
            return null;
          }
          return group;
        });
    return true;
  }

  public int subscribers() {
    return subscribers.size();
  }

  public int groups() {
    return groupCount.get();
  }

  /** Bytes the stream holds now (rings, fan-out queues, replay pages), against its budget. */
  public long memoryBytes() {
    return memory.total();
  }

  public long memoryBudget() {
    return memory.budget();
  }

  public boolean isReady() {
    return writerPool != null && !writerPool.isShutdown();
  }
}
