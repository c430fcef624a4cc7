package io.livelog.stream.control;

import io.livelog.events.control.EventFilter;
import io.livelog.events.control.EventJson;
import io.livelog.events.control.EventRelay;
import io.livelog.events.control.HistoryBuffer;
import io.livelog.events.control.Node;
import io.livelog.events.entity.MetricSample;
import io.livelog.events.entity.Recorded;
import io.livelog.events.entity.RecordedBatch;
import io.livelog.stats.control.Counters;
import io.livelog.stats.control.Counters.Drop;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fans recorded events out to subscribers. Subscribers with equal filters form one {@link
 * FilterGroup}, so an event is matched and joined once per distinct filter, not once per
 * subscriber. Only the relay thread calls {@link #onRecorded}; nothing here ever blocks it.
 */
@ApplicationScoped
public class StreamHub {

  private static final int REPLAY_CHUNK = 1000;
  private static final int MAX_EXTRA_WRITERS = 256;
  private static final long STUCK_NANOS = TimeUnit.SECONDS.toNanos(1);

  @Inject HistoryBuffer history;
  @Inject Counters counters;
  @Inject Node node;

  @Inject
  @ConfigProperty(name = "livelog.subscribers.max", defaultValue = "50000")
  int maxSubscribers;

  @Inject
  @ConfigProperty(name = "livelog.subscriber.maxPending", defaultValue = "20000")
  int maxPending;

  @Inject
  @ConfigProperty(name = "livelog.heartbeat.seconds", defaultValue = "15")
  int heartbeatSeconds;

  @Inject
  @ConfigProperty(name = "livelog.retry.millis", defaultValue = "2000")
  long retryMillis;

  @Inject
  @ConfigProperty(name = "livelog.stream.writers", defaultValue = "16")
  int writerThreads;

  @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
  ManagedThreadFactory threadFactory;

  private final ConcurrentHashMap<String, FilterGroup> groups = new ConcurrentHashMap<>();
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final AtomicInteger slots = new AtomicInteger();
  private volatile Frame lastMetric;
  private String openData;
  private ThreadPoolExecutor writers;
  private final AtomicInteger stuckWriters = new AtomicInteger();
  private ExecutorService closer;
  private ScheduledExecutorService heartbeat;

  @PostConstruct
  void init() {
    openData =
        Json.createObjectBuilder()
            .add("node", node.name())
            .add("retryMillis", retryMillis)
            .build()
            .toString();
    // A write to a client that stopped reading can block its thread until the server's write
    // timeout; each such thread is replaced (see heartbeat), so healthy streams keep
    // writerThreads threads whatever stuck clients do.
    writers =
        new ThreadPoolExecutor(
            writerThreads,
            writerThreads + MAX_EXTRA_WRITERS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            named("writer"));
    closer = Executors.newSingleThreadExecutor(named("closer"));
    heartbeat = Executors.newSingleThreadScheduledExecutor(named("heartbeat"));
    // checked every 250 ms, so each idle stream gets a ping within 250 ms of its period
    heartbeat.scheduleAtFixedRate(this::heartbeat, 250, 250, TimeUnit.MILLISECONDS);
  }

  private java.util.concurrent.ThreadFactory named(String role) {
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
    heartbeat.shutdownNow();
    for (Subscriber subscriber : List.copyOf(subscribers)) {
      if (remove(subscriber)) {
        subscriber.closeSink();
      }
    }
    writers.shutdownNow();
    closer.shutdown();
  }

  /**
   * Registers a subscriber and starts its stream: {@code retry}, then a {@code gap} if history no
   * longer holds everything after {@code lastEventId}, then the replay, then live events. The
   * subscriber joins its group before history is read, and drops any id it has already sent, so
   * nothing published during the replay is lost or doubled.
   *
   * @throws HubFullException when {@code livelog.subscribers.max} are already connected
   */
  public void subscribe(EventFilter filter, OptionalLong lastEventId, Sink sink, String session) {
    if (slots.incrementAndGet() > maxSubscribers) {
      slots.decrementAndGet();
      throw new HubFullException(Math.max(1, (retryMillis + 999) / 1000));
    }
    Subscriber subscriber = new Subscriber(sink, filter, session, writers, this, maxPending);
    subscribers.add(subscriber);
    groups.compute(
        filter.key(),
        (key, group) -> {
          FilterGroup joined = group == null ? new FilterGroup(filter) : group;
          joined.add(subscriber);
          return joined;
        });
    List<Object> preamble = new ArrayList<>();
    preamble.add(Frame.open(retryMillis, openData));
    if (lastMetric != null) {
      preamble.add(lastMetric);
    }
    long replayedUpTo =
        lastEventId.isPresent()
            ? replay(filter, lastEventId.getAsLong(), preamble)
            : history.nextId() - 1;
    subscriber.start(preamble, replayedUpTo);
  }

  private long replay(EventFilter filter, long lastId, List<Object> preamble) {
    OptionalLong oldest = history.oldestId();
    long next = history.nextId();
    if (lastId >= next - 1) {
      // up to date, or an id from the future (another server's, or one not yet assigned): live only
      return Math.min(lastId, next - 1);
    }
    long firstHeld = oldest.orElse(next);
    if (lastId + 1 < firstHeld) {
      preamble.add(gap(lastId + 1, firstHeld - 1));
    }
    List<Recorded> held = history.after(lastId, filter, Integer.MAX_VALUE);
    for (int i = 0; i < held.size(); i += REPLAY_CHUNK) {
      preamble.add(Chunk.of(held.subList(i, Math.min(held.size(), i + REPLAY_CHUNK))));
    }
    // everything below next was considered, matched or not
    return next - 1;
  }

  private static Frame gap(long from, long to) {
    String data =
        Json.createObjectBuilder()
            .add("from", Long.toString(from))
            .add("to", Long.toString(to))
            .build()
            .toString();
    return Frame.event("gap", null, data);
  }

  void onRecorded(@Observes RecordedBatch batch) {
    for (FilterGroup group : groups.values()) {
      group.deliver(batch.events());
    }
  }

  void onMetric(@Observes MetricSample sample) {
    Frame frame = Frame.event("metric", null, EventJson.toJson(sample));
    lastMetric = frame;
    for (Subscriber subscriber : subscribers) {
      subscriber.offer(frame);
    }
  }

  private void heartbeat() {
    Frame ping = Frame.ping();
    long idle = TimeUnit.SECONDS.toNanos(Math.max(1, heartbeatSeconds));
    long now = System.nanoTime();
    for (Subscriber subscriber : subscribers) {
      if (subscriber.markStuckAfter(STUCK_NANOS, now)) {
        resizeWriters(stuckWriters.incrementAndGet());
      }
      if (subscriber.isClosed()) {
        gone(subscriber);
      } else if (subscriber.idleNanos() >= idle) {
        subscriber.offer(ping);
      }
    }
  }

  /** Closes every stream of an HTTP session, as logout does. */
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

  /** A write that was counted as stuck has returned: its replacement thread may go. */
  void unstuck() {
    resizeWriters(stuckWriters.decrementAndGet());
  }

  private void resizeWriters(int stuck) {
    int core = writerThreads + Math.max(0, Math.min(stuck, MAX_EXTRA_WRITERS));
    if (!writers.isShutdown()) {
      writers.setCorePoolSize(core);
    }
  }

  /** Writer threads now, replacements for stuck writes included. */
  public int writerThreads() {
    return writers.getCorePoolSize();
  }

  void delivered(int events) {
    counters.eventsOut(events);
  }

  void overflowed(Subscriber subscriber) {
    if (remove(subscriber)) {
      counters.drop(Drop.subscriberOverflow, 1);
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
      unstuck();
    }
    subscribers.remove(subscriber);
    slots.decrementAndGet();
    int pending = subscriber.pending();
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
    return writers != null && !writers.isShutdown();
  }
}
