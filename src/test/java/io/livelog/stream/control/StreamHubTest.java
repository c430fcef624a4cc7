package io.livelog.stream.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.livelog.events.control.EventFilter;
import io.livelog.events.control.Histories;
import io.livelog.events.control.HistoryBuffer;
import io.livelog.events.entity.Alert;
import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.events.entity.Recorded;
import io.livelog.events.entity.RecordedBatch;
import io.livelog.stats.control.Counters;
import io.livelog.stats.control.Counters.Drop;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub's logic without a container: resume, gaps, batching, overflow, limits, groups. */
class StreamHubTest {

  HistoryBuffer history;
  Counters counters = new Counters();
  StreamHub cut;

  /** A hub with 4 writers and no write budget; {@code maxPendingBytes} bounds each queue. */
  StreamHub hub(int historySize, int maxSubscribers, long maxPendingBytes) {
    history = Histories.history(historySize);
    cut = new StreamHub();
    cut.history = history;
    cut.counters = counters;
    cut.node = Histories.node("test-node");
    cut.maxSubscribers = maxSubscribers;
    cut.maxPerUser = 1000;
    cut.maxFilters = 1000;
    cut.maxPendingBytes = maxPendingBytes;
    cut.stallSeconds = 30;
    cut.heartbeatSeconds = 1;
    cut.healthSeconds = 5;
    cut.retryMillis = 2500;
    cut.writerThreads = 4;
    cut.writesPerSecond = 0;
    cut.threadFactory = new Threads();
    return cut;
  }

  /** Starts the hub configured by {@link #hub}. */
  StreamHub started() {
    cut.init();
    return cut;
  }

  void subscribe(EventFilter filter, OptionalLong lastId, Sink sink, String session) {
    cut.subscribe(filter, lastId, sink, session, "alice");
  }

  @AfterEach
  void shutdown() {
    if (cut != null) {
      cut.shutdown();
    }
  }

  /** What the relay does: record, then hand on. */
  List<Recorded> publish(int n, Level level, String logger) {
    List<LogEvent> events =
        IntStream.range(0, n).mapToObj(i -> LogEvent.of(level, logger, "m" + i)).toList();
    List<Recorded> recorded = Histories.record(history, events);
    cut.onRecorded(new RecordedBatch(recorded));
    return recorded;
  }

  List<Recorded> publish(int n) {
    return publish(n, Level.INFO, "test");
  }

  static List<Long> ids(List<Recorded> recorded) {
    return recorded.stream().map(Recorded::id).toList();
  }

  @Test
  void aStreamOpensWithRetryThenCarriesLiveEventsOnly() {
    hub(100, 10, 1_000_000);
    started();
    publish(5);
    FakeSink sink = new FakeSink();
    subscribe(EventFilter.ALL, OptionalLong.empty(), sink, null);
    List<Recorded> live = publish(3);
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.ids().size() == 3);
    assertThat(sink.frames().get(0).retryMillis()).isEqualTo(2500);
    assertThat(sink.ids()).isEqualTo(ids(live));
  }

  @Test
  void anAlertReachesEverySubscriberWhateverItsFilterOnce() {
    hub(100, 10, 1_000_000);
    started();
    FakeSink all = new FakeSink();
    FakeSink errors = new FakeSink();
    subscribe(EventFilter.ALL, OptionalLong.empty(), all, null);
    subscribe(EventFilter.of("ERROR", null, null, null), OptionalLong.empty(), errors, null);
    cut.onAlert(new Alert("orders", 5, 60, "10", "14", 1, "test-node", "orders: 5 ERROR in 60 s"));
    for (FakeSink sink : List.of(all, errors)) {
      await().atMost(20, TimeUnit.SECONDS).until(() -> sink.frames("alert").size() == 1);
      assertThat(sink.frames("alert").get(0).data())
          .startsWith("{\"rule\":\"orders\",\"count\":5,\"windowSeconds\":60,\"firstId\":\"10\"");
    }
    assertThat(counters.dropped(Counters.Drop.alertOverflow)).isZero();
  }

  @Test
  void resumeReplaysWhatHistoryHoldsAfterTheIdThenLive() {
    hub(100, 10, 1_000_000);
    started();
    List<Recorded> before = publish(10);
    FakeSink sink = new FakeSink();
    subscribe(EventFilter.ALL, OptionalLong.of(before.get(3).id()), sink, null);
    List<Recorded> live = publish(2);
    List<Long> expected = new ArrayList<>(ids(before.subList(4, 10)));
    expected.addAll(ids(live));
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.ids().size() == expected.size());
    assertThat(sink.ids()).isEqualTo(expected);
    assertThat(sink.frames("gap")).isEmpty();
  }

  @Test
  void anIdOlderThanHistoryGetsAGapNamingTheMissingIdsBeforeTheReplay() {
    hub(10, 10, 1_000_000);
    started();
    List<Recorded> all = publish(30);
    FakeSink sink = new FakeSink();
    subscribe(EventFilter.ALL, OptionalLong.of(all.get(4).id()), sink, null);
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.ids().size() == 10);
    List<Frame> frames = sink.frames();
    int gapAt = frames.indexOf(sink.frames("gap").get(0));
    int firstLogs = frames.indexOf(sink.frames("logs").get(0));
    assertThat(gapAt).isLessThan(firstLogs);
    JsonObject gap = Json.createReader(new StringReader(frames.get(gapAt).text())).readObject();
    assertThat(gap.getString("from")).isEqualTo(Long.toString(all.get(5).id()));
    assertThat(gap.getString("to")).isEqualTo(Long.toString(all.get(19).id()));
    assertThat(gap.getInt("missed")).isEqualTo(15);
    assertThat(frames.get(gapAt).id()).isNull();
    assertThat(sink.ids()).isEqualTo(ids(all.subList(20, 30)));
  }

  @Test
  void anIdFromTheFutureMeansLiveOnly() {
    hub(100, 10, 1_000_000);
    started();
    List<Recorded> before = publish(5);
    FakeSink sink = new FakeSink();
    subscribe(EventFilter.ALL, OptionalLong.of(before.get(4).id() + 1_000_000), sink, null);
    List<Recorded> live = publish(2);
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.ids().size() == 2);
    assertThat(sink.ids()).isEqualTo(ids(live));
    assertThat(sink.frames("gap")).isEmpty();
  }

  @Test
  void filtersApplyToReplayAndLiveAndEqualFiltersShareAGroup() {
    hub(100, 10, 1_000_000);
    started();
    long start = history.nextId() - 1;
    List<Recorded> info = publish(3, Level.INFO, "com.acme.A");
    List<Recorded> warn = publish(3, Level.WARN, "com.acme.B");
    publish(3, Level.ERROR, "org.other");
    EventFilter filter = EventFilter.of("WARN", List.of("com.acme"), null, null);
    FakeSink a = new FakeSink();
    FakeSink b = new FakeSink();
    FakeSink all = new FakeSink();
    subscribe(filter, OptionalLong.of(start), a, null);
    subscribe(
        EventFilter.of("warning", List.of("com.acme"), null, null), OptionalLong.empty(), b, null);
    subscribe(EventFilter.ALL, OptionalLong.empty(), all, null);
    assertThat(cut.groups()).isEqualTo(2);
    assertThat(cut.subscribers()).isEqualTo(3);
    List<Recorded> liveWarn = publish(2, Level.ERROR, "com.acme.C");
    publish(2, Level.INFO, "com.acme.C");
    List<Long> expected = new ArrayList<>(ids(warn));
    expected.addAll(ids(liveWarn));
    await().atMost(20, TimeUnit.SECONDS).until(() -> a.ids().size() == 5 && all.ids().size() == 4);
    assertThat(a.ids()).isEqualTo(expected);
    assertThat(b.ids()).isEqualTo(ids(liveWarn));
    assertThat(info).isNotEmpty();
    a.close();
    b.close();
    publish(1, Level.ERROR, "com.acme.D");
    await().atMost(20, TimeUnit.SECONDS).until(() -> cut.groups() == 1 && cut.subscribers() == 1);
  }

  @Test
  void eventsThatQueueUpDuringAWriteLeaveTogetherInOneBatch() {
    hub(10_000, 10, 100_000_000L);
    started();
    AtomicReference<CompletableFuture<?>> blocked = new AtomicReference<>();
    AtomicBoolean blockNext = new AtomicBoolean(false);
    FakeSink sink =
        new FakeSink(
            () -> {
              if (blockNext.getAndSet(false)) {
                CompletableFuture<?> f = new CompletableFuture<>();
                blocked.set(f);
                return f;
              }
              return CompletableFuture.completedFuture(null);
            });
    subscribe(EventFilter.ALL, OptionalLong.empty(), sink, null);
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.frames().size() == 1);
    // idle: one event leaves at once, alone
    List<Recorded> single = publish(1);
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.frames("logs").size() == 1);
    assertThat(sink.ids()).isEqualTo(ids(single));
    // a slow write: 300 events in 150 relay batches queue up behind it
    blockNext.set(true);
    publish(1);
    await().atMost(20, TimeUnit.SECONDS).until(() -> blocked.get() != null);
    List<Long> queued = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      queued.addAll(ids(publish(2)));
    }
    blocked.get().complete(null);
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.ids().size() == 302);
    List<Frame> logs = sink.frames("logs");
    assertThat(logs).hasSize(3);
    assertThat(logs.get(2).id()).isEqualTo(Long.toString(queued.get(queued.size() - 1)));
    assertThat(sink.ids().subList(2, 302)).isEqualTo(queued);
    assertThat(counters.eventsOut()).isEqualTo(302);
  }

  @Test
  void aSubscriberThatStopsReadingIsCutCountedAndNeverSlowsTheOthers() {
    hub(10_000, 10, 75_000);
    started();
    FakeSink stuck = new FakeSink(CompletableFuture::new); // writes never complete
    FakeSink healthy = new FakeSink();
    subscribe(EventFilter.ALL, OptionalLong.empty(), stuck, null);
    subscribe(EventFilter.ALL, OptionalLong.empty(), healthy, null);
    List<Long> sent = new ArrayList<>();
    long maxPublishNanos = 0;
    for (int i = 0; i < 100; i++) {
      long t0 = System.nanoTime();
      sent.addAll(ids(publish(10)));
      maxPublishNanos = Math.max(maxPublishNanos, System.nanoTime() - t0);
      // the healthy subscriber keeps up (on a loaded machine it could otherwise fall 500 behind
      // and be cut too); the stuck one never completes a write, so only it falls behind
      int expected = sent.size();
      await().atMost(20, TimeUnit.SECONDS).until(() -> healthy.ids().size() == expected);
    }
    await().atMost(20, TimeUnit.SECONDS).until(() -> healthy.ids().size() == 1000);
    assertThat(healthy.ids()).isEqualTo(sent);
    await().atMost(20, TimeUnit.SECONDS).until(stuck::isClosed);
    assertThat(counters.dropped(Drop.subscriberOverflow)).isEqualTo(1);
    assertThat(counters.dropped(Drop.subscriberPending)).isBetween(100L, 1000L);
    assertThat(cut.subscribers()).isEqualTo(1);
    System.out.printf("hub: longest record+hand-on of 10 events %d us%n", maxPublishNanos / 1000);
  }

  @Test
  void aFullHubRefusesWithRetryAfterAndLeavesOthersAlone() {
    hub(100, 2, 1_000_000);
    started();
    FakeSink a = new FakeSink();
    FakeSink b = new FakeSink();
    subscribe(EventFilter.ALL, OptionalLong.empty(), a, null);
    subscribe(EventFilter.ALL, OptionalLong.empty(), b, null);
    assertThatThrownBy(() -> subscribe(EventFilter.ALL, OptionalLong.empty(), new FakeSink(), null))
        .isInstanceOfSatisfying(
            StreamLimitException.class,
            e -> {
              assertThat(e.retryAfterSeconds()).isEqualTo(3);
              assertThat(e.limit()).isEqualTo(StreamLimitException.Limit.SUBSCRIBERS);
            });
    assertThat(cut.subscribers()).isEqualTo(2);
    List<Recorded> live = publish(2);
    await().atMost(20, TimeUnit.SECONDS).until(() -> a.ids().size() == 2 && b.ids().size() == 2);
    a.close();
    publish(1);
    await().atMost(20, TimeUnit.SECONDS).until(() -> cut.subscribers() == 1);
    subscribe(EventFilter.ALL, OptionalLong.empty(), new FakeSink(), null);
    assertThat(b.ids()).startsWith(ids(live).toArray(Long[]::new));
  }

  @Test
  void aClosedQuietStreamIsFoundByTheHeartbeat() {
    hub(100, 10, 1_000_000);
    started();
    FakeSink sink = new FakeSink();
    subscribe(EventFilter.of(null, null, List.of("never"), null), OptionalLong.empty(), sink, null);
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(() -> sink.frames().stream().anyMatch(f -> "ping".equals(f.comment())));
    sink.close();
    await().atMost(20, TimeUnit.SECONDS).until(() -> cut.subscribers() == 0 && cut.groups() == 0);
  }

  /**
   * The hand-over race: while a relay thread publishes batches of random sizes, one client
   * reconnects over and over with the last id it saw. Concatenated, its streams hold every event
   * exactly once, in order.
   */
  @Test
  void reconnectingDuringPublishingLosesAndDoublesNothing() throws Exception {
    hub(1_000_000, 10, 1_000_000_000L);
    started();
    long first = history.nextId();
    AtomicBoolean running = new AtomicBoolean(true);
    Semaphore batches = new Semaphore(0);
    Thread relay =
        new Thread(
            () -> {
              Random random = new Random(7);
              try {
                while (running.get()) {
                  if (batches.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    publish(1 + random.nextInt(20));
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    relay.start();
    List<Long> received = new ArrayList<>();
    long lastId = first - 1;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    int reconnects = 0;
    try {
      for (; reconnects < 1000 && System.nanoTime() < deadline; reconnects++) {
        FakeSink sink = new FakeSink();
        batches.release(4); // published while the subscription starts and replays
        subscribe(EventFilter.ALL, OptionalLong.of(lastId), sink, null);
        long target = history.nextId();
        batches.release(2);
        await()
            .pollDelay(0, TimeUnit.MILLISECONDS)
            .pollInterval(1, TimeUnit.MILLISECONDS)
            .atMost(5, TimeUnit.SECONDS)
            .until(() -> sink.lastId() >= target);
        sink.close();
        List<Long> ids = sink.ids();
        assertThat(sink.frames("gap")).isEmpty();
        received.addAll(ids);
        lastId = ids.get(ids.size() - 1);
      }
    } finally {
      running.set(false);
      relay.join(5000);
    }
    assertThat(reconnects).isEqualTo(1000);
    for (int i = 0; i < received.size(); i++) {
      if (received.get(i) != first + i) {
        throw new AssertionError(
            "at " + i + " expected " + (first + i) + " got " + received.get(i));
      }
    }
    System.out.printf(
        "hub: %d reconnects, %d events, all once and in order%n", reconnects, received.size());
  }

  /**
   * Jersey's sink writes and closes under one lock, and a write to a client that stopped reading
   * blocks (in Grizzly) until a write timeout. Closing that subscriber must not hold up the close
   * of anyone else: here another subscriber's stream, closed for its session's logout, is closed at
   * once; the stuck one's write is interrupted when it overflows, and then it is closed as well.
   */
  @Test
  void aStuckWriteDoesNotHoldUpOtherClosesAndIsClosedWhenItReturns() throws Exception {
    hub(10_000, 10, 5_000);
    started();
    LockingSink stuck = new LockingSink(true);
    LockingSink other = new LockingSink(false);
    subscribe(EventFilter.ALL, OptionalLong.empty(), stuck, null);
    subscribe(EventFilter.of(null, null, List.of("x"), null), OptionalLong.empty(), other, "s1");
    await().atMost(20, TimeUnit.SECONDS).until(() -> stuck.blocked.getCount() == 0);
    for (int i = 0; i < 10; i++) {
      publish(10); // the stuck one overflows; its close has to wait for its write
    }
    assertThat(counters.dropped(Drop.subscriberOverflow)).isEqualTo(1);
    assertThat(cut.closeSession("s1")).isEqualTo(1);
    await().atMost(2, TimeUnit.SECONDS).until(() -> other.closed);
    // the overflow interrupted the blocked write, so the stuck one is closed too
    await().atMost(2, TimeUnit.SECONDS).until(() -> stuck.closed);
  }

  /**
   * Writes and closes under one lock, as Jersey's ChunkedOutput does; may block its first write.
   */
  static final class LockingSink implements Sink {
    final java.util.concurrent.locks.ReentrantLock lock =
        new java.util.concurrent.locks.ReentrantLock();
    final java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(1);
    final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    final boolean blockFirstWrite;
    volatile boolean closed;

    LockingSink(boolean blockFirstWrite) {
      this.blockFirstWrite = blockFirstWrite;
    }

    @Override
    public java.util.concurrent.CompletionStage<?> send(Frame frame) {
      lock.lock();
      try {
        if (closed) {
          return CompletableFuture.failedFuture(new IllegalStateException("closed"));
        }
        if (blockFirstWrite && blocked.getCount() > 0) {
          blocked.countDown();
          release.await(30, TimeUnit.SECONDS);
          return CompletableFuture.failedFuture(new java.io.IOException("write timed out"));
        }
        return CompletableFuture.completedFuture(null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return CompletableFuture.failedFuture(e);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public boolean isClosed() {
      return closed;
    }

    @Override
    public void close() {
      lock.lock();
      try {
        closed = true;
      } finally {
        lock.unlock();
      }
    }
  }

  static final class Threads implements ManagedThreadFactory {
    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r);
      t.setDaemon(true);
      return t;
    }

    @Override
    public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
      return ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
    }
  }

  @Test
  void writesThatBlockTheirThreadNeverStarveTheOtherSubscribers() {
    hub(10_000, 100, 100_000_000L);
    started(); // 4 writer threads
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    List<BlockingSink> stuck = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) { // twice as many blocked writes as writer threads
        BlockingSink sink = new BlockingSink(release);
        stuck.add(sink);
        subscribe(EventFilter.ALL, OptionalLong.empty(), sink, null);
      }
      await()
          .atMost(20, TimeUnit.SECONDS)
          .until(() -> stuck.stream().allMatch(BlockingSink::blocked));
      FakeSink healthy = new FakeSink();
      subscribe(EventFilter.ALL, OptionalLong.empty(), healthy, null);
      List<Long> sent = ids(publish(50));
      await().atMost(20, TimeUnit.SECONDS).until(() -> healthy.ids().size() == 50);
      assertThat(healthy.ids()).isEqualTo(sent);
      assertThat(cut.writerThreads()).isGreaterThan(4);
    } finally {
      release.countDown();
    }
    await().atMost(20, TimeUnit.SECONDS).until(() -> cut.writerThreads() == 4);
  }

  /** A sink whose first write blocks its thread, as a socket write to a client that never reads. */
  static final class BlockingSink implements Sink {
    private final java.util.concurrent.CountDownLatch release;
    private volatile boolean blocked;

    BlockingSink(java.util.concurrent.CountDownLatch release) {
      this.release = release;
    }

    private volatile boolean interrupted;

    @Override
    public CompletionStage<?> send(Frame frame) {
      blocked = true;
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
        return CompletableFuture.failedFuture(new java.io.InterruptedIOException("interrupted"));
      }
      return CompletableFuture.completedFuture(null);
    }

    boolean blocked() {
      return blocked;
    }

    boolean interrupted() {
      return interrupted;
    }

    @Override
    public boolean isClosed() {
      return false;
    }

    @Override
    public void close() {}
  }

  /**
   * Resume races eviction: a relay publishes into a 50-event history while clients resume from ids
   * at the edge of what it holds. Each stream, read as gaps and events, covers every id after its
   * {@code Last-Event-ID} exactly once: an event arrives, or a gap names it. Never a silent skip.
   */
  @Test
  void resumeRacingEvictionEitherDeliversOrNamesEveryMissedEvent() throws Exception {
    hub(50, 10, 1_000_000_000L);
    started();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread relay =
        new Thread(
            () -> {
              Random random = new Random(11);
              while (running.get()) {
                publish(1 + random.nextInt(20));
                Thread.yield();
              }
            });
    relay.start();
    Random random = new Random(3);
    int gaps = 0;
    try {
      for (int i = 0; i < 150; i++) {
        long oldest = history.snapshot().first();
        long lastId = oldest - 1 + random.nextInt(60) - 30;
        FakeSink sink = new FakeSink();
        subscribe(EventFilter.ALL, OptionalLong.of(lastId), sink, null);
        long target = history.nextId() + 5;
        await()
            .pollDelay(0, TimeUnit.MILLISECONDS)
            .pollInterval(1, TimeUnit.MILLISECONDS)
            .atMost(20, TimeUnit.SECONDS)
            .until(() -> sink.lastId() >= target);
        sink.close();
        long expected = lastId + 1;
        for (Frame frame : sink.frames()) {
          if ("gap".equals(frame.name())) {
            JsonObject gap = Json.createReader(new StringReader(frame.text())).readObject();
            long from = Long.parseLong(gap.getString("from"));
            long to = Long.parseLong(gap.getString("to"));
            assertThat(from).as("gap starts where the stream was").isEqualTo(expected);
            assertThat(gap.getInt("missed")).isEqualTo((int) (to - from + 1));
            expected = to + 1;
            gaps++;
          } else if ("logs".equals(frame.name())) {
            var array = Json.createReader(new StringReader(frame.text())).readArray();
            for (var value : array) {
              long id = Long.parseLong(value.asJsonObject().getString("id"));
              assertThat(id).as("no skip, no duplicate").isEqualTo(expected);
              expected++;
            }
          }
        }
        assertThat(expected - 1).isGreaterThanOrEqualTo(target);
      }
    } finally {
      running.set(false);
      relay.join(5000);
    }
    assertThat(gaps).as("some resumes met eviction").isPositive();
  }

  @Test
  void aSinkThatTakesNoMoreIsNotWrittenToThenGetsEverythingInOneBatch() {
    hub(10_000, 10, 1_000_000);
    started();
    FakeSink sink = new FakeSink();
    subscribe(EventFilter.ALL, OptionalLong.empty(), sink, null);
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.frames().size() == 1);
    sink.writable(false);
    List<Long> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.addAll(ids(publish(3)));
    }
    await().atMost(20, TimeUnit.SECONDS).until(() -> cut.subscribers() == 1 && blocked(sink));
    assertThat(sink.frames()).hasSize(1);
    sink.writable(true);
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.ids().size() == 60);
    assertThat(sink.ids()).isEqualTo(sent);
    assertThat(sink.frames("logs")).hasSize(1);
    assertThat(counters.dropped(Drop.subscriberOverflow)).isZero();
  }

  private boolean blocked(FakeSink sink) {
    return cut.subscribers() == 1 && sink.frames("logs").isEmpty();
  }

  @Test
  void aSinkThatStaysFullIsCutAfterTheStallTimeAndCounted() {
    hub(10_000, 10, 1_000_000);
    cut.stallSeconds = 1;
    started();
    FakeSink stalled = new FakeSink();
    FakeSink healthy = new FakeSink();
    subscribe(EventFilter.ALL, OptionalLong.empty(), stalled, null);
    subscribe(EventFilter.ALL, OptionalLong.empty(), healthy, null);
    await().atMost(20, TimeUnit.SECONDS).until(() -> stalled.frames().size() == 1);
    stalled.writable(false);
    List<Long> sent = ids(publish(5));
    await().atMost(20, TimeUnit.SECONDS).until(stalled::isClosed);
    assertThat(counters.dropped(Drop.subscriberOverflow)).isEqualTo(1);
    assertThat(counters.dropped(Drop.subscriberPending)).isEqualTo(5);
    assertThat(stalled.frames("logs")).isEmpty();
    await().atMost(20, TimeUnit.SECONDS).until(() -> healthy.ids().size() == 5);
    assertThat(healthy.ids()).isEqualTo(sent);
    assertThat(cut.subscribers()).isEqualTo(1);
  }

  @Test
  void moreUnsentBytesThanTheBoundCutAtOnce() {
    hub(10_000, 10, 20_000);
    started();
    FakeSink full = new FakeSink();
    subscribe(EventFilter.ALL, OptionalLong.empty(), full, null);
    await().atMost(20, TimeUnit.SECONDS).until(() -> full.frames().size() == 1);
    full.writable(false);
    for (int i = 0; i < 10 && !full.isClosed(); i++) {
      publish(100); // about 15 KB each
    }
    assertThat(counters.dropped(Drop.subscriberOverflow)).isEqualTo(1);
    await().atMost(20, TimeUnit.SECONDS).until(full::isClosed);
    assertThat(cut.subscribers()).isZero();
  }

  @Test
  void aWriteThatBlocksBeyondTheStallTimeIsInterruptedAndCounted() throws Exception {
    hub(10_000, 10, 1_000_000);
    cut.stallSeconds = 1;
    started();
    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    BlockingSink stuck = new BlockingSink(never);
    subscribe(EventFilter.ALL, OptionalLong.empty(), stuck, null);
    await().atMost(20, TimeUnit.SECONDS).until(stuck::blocked);
    await().atMost(20, TimeUnit.SECONDS).until(stuck::interrupted);
    assertThat(counters.dropped(Drop.subscriberOverflow)).isEqualTo(1);
    assertThat(cut.subscribers()).isZero();
  }

  @Test
  void atMostOnePingIsEverPending() {
    hub(10_000, 10, 1_000_000);
    started();
    FakeSink sink = new FakeSink();
    subscribe(EventFilter.of(null, List.of("quiet"), null, null), OptionalLong.empty(), sink, null);
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.frames().size() == 1);
    sink.writable(false);
    publish(1, Level.INFO, "quiet"); // the stream has work but cannot write
    // three heartbeat periods pass while it cannot write
    await()
        .during(3, TimeUnit.SECONDS)
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> sink.frames().size() == 1);
    sink.writable(true);
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.ids().size() == 1);
    long pings = sink.frames().stream().filter(f -> "ping".equals(f.comment())).count();
    assertThat(pings).isLessThanOrEqualTo(1);
  }

  @Test
  void eachIdentityHasItsShareOfStreams() {
    hub(100, 100, 1_000_000);
    cut.maxPerUser = 2;
    started();
    FakeSink first = new FakeSink();
    cut.subscribe(EventFilter.ALL, OptionalLong.empty(), first, null, "bob");
    cut.subscribe(EventFilter.ALL, OptionalLong.empty(), new FakeSink(), null, "bob");
    assertThatThrownBy(
            () -> cut.subscribe(EventFilter.ALL, OptionalLong.empty(), new FakeSink(), null, "bob"))
        .isInstanceOfSatisfying(
            StreamLimitException.class,
            e -> assertThat(e.limit()).isEqualTo(StreamLimitException.Limit.PER_USER));
    cut.subscribe(EventFilter.ALL, OptionalLong.empty(), new FakeSink(), null, "carol");
    assertThat(cut.subscribers()).isEqualTo(3);
    first.close();
    publish(1);
    await().atMost(20, TimeUnit.SECONDS).until(() -> cut.subscribers() == 2);
    cut.subscribe(EventFilter.ALL, OptionalLong.empty(), new FakeSink(), null, "bob");
    assertThat(cut.subscribers()).isEqualTo(3);
  }

  @Test
  void distinctFiltersAreCapped() {
    hub(100, 100, 1_000_000);
    cut.maxFilters = 2;
    started();
    subscribe(EventFilter.ALL, OptionalLong.empty(), new FakeSink(), null);
    subscribe(EventFilter.of("WARN", null, null, null), OptionalLong.empty(), new FakeSink(), null);
    assertThatThrownBy(
            () ->
                subscribe(
                    EventFilter.of("ERROR", null, null, null),
                    OptionalLong.empty(),
                    new FakeSink(),
                    null))
        .isInstanceOfSatisfying(
            StreamLimitException.class,
            e -> assertThat(e.limit()).isEqualTo(StreamLimitException.Limit.FILTERS));
    subscribe(EventFilter.of("warn", null, null, null), OptionalLong.empty(), new FakeSink(), null);
    assertThat(cut.groups()).isEqualTo(2);
    assertThat(cut.subscribers()).isEqualTo(3);
  }

  @Test
  void underTheWriteBudgetABusySubscriberSendsWhatQueuedInOneWrite() {
    hub(10_000, 10, 1_000_000);
    cut.writesPerSecond = 1; // one subscriber: at most one write a second
    started();
    FakeSink sink = new FakeSink();
    subscribe(EventFilter.ALL, OptionalLong.empty(), sink, null);
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.frames().size() == 1);
    List<Long> sent = new ArrayList<>(ids(publish(1)));
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.ids().size() == 1);
    for (int i = 0; i < 20; i++) {
      sent.addAll(ids(publish(1)));
    }
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.ids().size() == 21);
    assertThat(sink.ids()).isEqualTo(sent);
    assertThat(sink.frames("logs")).hasSize(2);
  }
}
