package io.livelog.stream.control;

import io.livelog.events.control.EventFilter;
import io.livelog.events.control.EventJson;
import io.livelog.events.control.EventRelay;
import io.livelog.events.control.HistoryBuffer;
import io.livelog.events.control.JsonFactories;
import io.livelog.events.control.Node;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The registry of subscribers and the fan-out to them. Subscribers with equal filters form one
 * {@link FilterGroup}, so an event is matched and encoded once per distinct filter, not once per
 * subscriber. Only the relay thread calls {@link #onRecorded}; nothing here ever blocks it. Writing
 * is the {@link WriterPool}'s, resuming the {@link Replay}'s.
 */
@ApplicationScoped
public class StreamHub {

  private static final long TICK_MILLIS = 250;

  @Inject HistoryBuffer history;

  /** History with the store behind the ring; unit tests leave it null (the ring alone). */
  @Inject StoredHistory stored;

  @Inject Counters counters;
  @Inject Node node;

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
  long maxPendingBytes;

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

  /** Writer threads; 0 means one per core (at least 2). */
  @Inject
  @ConfigProperty(name = "livelog.stream.writers", defaultValue = "0")
  int writerThreads;

  /**
   * The write budget: at most this many writes a second across all subscribers under load. An idle
   * subscriber still writes an event at once; a busy one waits its share and sends what queued.
   */
  @Inject
  @ConfigProperty(name = "livelog.stream.writesPerSecond", defaultValue = "20000")
  int writesPerSecond;

  @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
  ManagedThreadFactory threadFactory;

  private final ConcurrentHashMap<String, FilterGroup> groups = new ConcurrentHashMap<>();
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, Integer> perUser = new ConcurrentHashMap<>();
  private final AtomicInteger slots = new AtomicInteger();
  private volatile Frame lastMetric;
  private String openData;
  private WriterPool writers;
  private ExecutorService closer;
  private ScheduledExecutorService ticker;

  @PostConstruct
  void init() {
    openData =
        JsonFactories.object()
            .add("node", node.name())
            .add("retryMillis", retryMillis)
            .add("heartbeatMillis", TimeUnit.SECONDS.toMillis(Math.max(1, heartbeatSeconds)))
            .add("healthMillis", TimeUnit.SECONDS.toMillis(Math.max(1, healthSeconds)))
            .build()
            .toString();
    int threads =
        writerThreads > 0 ? writerThreads : Math.max(2, Runtime.getRuntime().availableProcessors());
    writers = new WriterPool(threads, named("writer"), named("delay"));
    closer = Executors.newSingleThreadExecutor(named("closer"));
    ticker = Executors.newSingleThreadScheduledExecutor(named("heartbeat"));
    ticker.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  private ThreadFactory named(String role) {
    AtomicInteger n = new AtomicInteger();
    return task -> {
      Thread t = threadFactory.newThread(task);
      t.setName(EventRelay.THREAD_PREFIX + role + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @PreDestroy
  void shutdown() {
    ticker.shutdownNow();
    for (Subscriber subscriber : List.copyOf(subscribers)) {
      if (remove(subscriber)) {
        subscriber.closeSink();
      }
    }
    writers.shutdown();
    closer.shutdown();
  }

  /**
   * Registers a subscriber and starts its stream: the opening frame, the latest health sample, then
   * the events after {@code lastEventId} that history holds (with a {@code gap} for any it no
   * longer holds), then live events. The subscriber joins its group before the history snapshot is
   * taken and skips every id the snapshot covers, so nothing published meanwhile is lost or
   * doubled.
   *
   * @param identity the authenticated caller, for {@code livelog.subscribers.perUser}
   * @throws StreamLimitException when a limit is reached; nothing is registered then
   */
  public void subscribe(
      EventFilter filter, OptionalLong lastEventId, Sink sink, String session, String identity) {
    long retryAfter = Math.max(1, (retryMillis + 999) / 1000);
    if (slots.incrementAndGet() > maxSubscribers) {
      slots.decrementAndGet();
      throw new StreamLimitException(
          Limit.SUBSCRIBERS, retryAfter, "the stream is full: too many subscribers");
    }
    String user = identity == null ? "" : identity;
    if (perUser.merge(user, 1, Integer::sum) > maxPerUser) {
      release(user);
      slots.decrementAndGet();
      throw new StreamLimitException(
          Limit.PER_USER,
          retryAfter,
          "this identity already has " + maxPerUser + " streams open; close some first");
    }
    Subscriber subscriber =
        new Subscriber(sink, filter, session, user, writers, this, maxPendingBytes);
    try {
      join(filter, subscriber);
    } catch (StreamLimitException e) {
      release(user);
      slots.decrementAndGet();
      throw e;
    }
    subscribers.add(subscriber);
    List<Frame> preamble =
        lastMetric == null
            ? List.of(Frame.open(retryMillis, openData))
            : List.of(Frame.open(retryMillis, openData), lastMetric);
    HistoryBuffer.Snapshot snapshot = history.snapshot();
    Replay replay = null;
    if (lastEventId.isPresent() && lastEventId.getAsLong() < snapshot.next() - 1) {
      Replay.Pages pages = stored == null ? history::page : stored::page;
      replay = new Replay(pages, filter, lastEventId.getAsLong(), snapshot.next());
    }
    subscriber.start(preamble, replay, snapshot.next() - 1);
  }

  private void join(EventFilter filter, Subscriber subscriber) {
    groups.compute(
        filter.key(),
        (key, group) -> {
          if (group == null && groups.size() >= maxFilters) {
            throw new StreamLimitException(
                Limit.FILTERS,
                30,
                "this node already serves "
                    + maxFilters
                    + " distinct filters; use a common one or retry later");
          }
          FilterGroup joined = group == null ? new FilterGroup(filter) : group;
          joined.add(subscriber);
          return joined;
        });
  }

  private void release(String user) {
    perUser.computeIfPresent(user, (key, n) -> n <= 1 ? null : n - 1);
  }

  void onRecorded(@Observes RecordedBatch batch) {
    for (FilterGroup group : groups.values()) {
      group.deliver(batch.events());
    }
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
    Frame frame = Frame.event("alert", null, EventJson.toJson(alert));
    for (Subscriber subscriber : subscribers) {
      if (!subscriber.offerNotice(frame)) {
        counters.drop(Drop.alertOverflow, 1);
      }
    }
  }

  void onMetric(@Observes MetricSample sample) {
    Frame frame = Frame.event("metric", null, EventJson.toJson(sample));
    lastMetric = frame;
    for (Subscriber subscriber : subscribers) {
      subscriber.offerMetric(frame);
    }
  }

  /**
   * Every 250 ms: cuts subscribers that made no write progress for {@code stallSeconds}, asks
   * refusing sinks again, pings idle streams, and drops closed ones.
   */
  private void tick() {
    try {
      long idle = TimeUnit.SECONDS.toNanos(Math.max(1, heartbeatSeconds));
      long stall = TimeUnit.SECONDS.toNanos(Math.max(1, stallSeconds));
      long now = System.nanoTime();
      for (Subscriber subscriber : subscribers) {
        if (subscriber.isClosed()) {
          gone(subscriber);
        } else if (subscriber.stalledNanos(now) > stall) {
          overflowed(subscriber);
        } else {
          if (subscriber.isBlocked()) {
            subscriber.retry();
          } else if (subscriber.idleNanos(now) >= idle) {
            subscriber.ping();
          }
        }
      }
    } catch (RuntimeException e) {
      // the next tick tries again; a tick must never end the schedule
    }
  }

  /**
   * The least time between two writes to one subscriber under the write budget: the budget shared
   * by all subscribers.
   */
  long writeIntervalNanos() {
    return writesPerSecond <= 0
        ? 0
        : TimeUnit.SECONDS.toNanos(subscribers.size()) / writesPerSecond;
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

  /** Writer threads now, replacements for blocked writes included. */
  public int writerThreads() {
    return writers.size();
  }

  void delivered(int events) {
    counters.eventsOut(events);
  }

  /**
   * Cuts a subscriber that cannot keep up; a write of its that the container blocks is interrupted,
   * so the container fails it, closes the connection and releases what it buffered.
   */
  void overflowed(Subscriber subscriber) {
    if (remove(subscriber)) {
      counters.drop(Drop.subscriberOverflow, 1);
      subscriber.interruptWrite();
      closer.execute(subscriber::closeSink);
    }
  }

  void gone(Subscriber subscriber) {
    if (remove(subscriber)) {
      closer.execute(subscriber::closeSink);
    }
  }

  private boolean remove(Subscriber subscriber) {
    if (!subscriber.markClosed()) {
      return false;
    }
    if (subscriber.clearStuck()) {
      writers.unstuck();
    }
    subscribers.remove(subscriber);
    slots.decrementAndGet();
    release(subscriber.identity());
    int pending = subscriber.pendingEvents();
    if (pending > 0) {
      counters.drop(Drop.subscriberPending, pending);
    }
    groups.computeIfPresent(
        subscriber.filter().key(), (key, group) -> group.remove(subscriber) ? null : group);
    return true;
  }

  public int subscribers() {
    return subscribers.size();
  }

  public int groups() {
    return groups.size();
  }

  public boolean isReady() {
    return writers != null && writers.isRunning();
  }
}
