package io.livelog.stream.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.livelog.events.control.EventFilter;
import io.livelog.events.control.Histories;
import io.livelog.events.control.HistoryBuffer;
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

  StreamHub hub(int historySize, int maxSubscribers, int maxPending) {
    history = Histories.history(historySize);
    cut = new StreamHub();
    cut.history = history;
    cut.counters = counters;
    cut.node = Histories.node("test-node");
    cut.maxSubscribers = maxSubscribers;
    cut.maxPending = maxPending;
    cut.heartbeatSeconds = 1;
    cut.retryMillis = 2500;
    cut.writerThreads = 4;
    cut.threadFactory = new Threads();
    cut.init();
    return cut;
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
    List<Recorded> recorded = history.record(events);
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
    hub(100, 10, 1000);
    publish(5);
    FakeSink sink = new FakeSink();
    cut.subscribe(EventFilter.ALL, OptionalLong.empty(), sink, null);
    List<Recorded> live = publish(3);
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.ids().size() == 3);
    assertThat(sink.frames().get(0).retryMillis()).isEqualTo(2500);
    assertThat(sink.ids()).isEqualTo(ids(live));
  }

  @Test
  void resumeReplaysWhatHistoryHoldsAfterTheIdThenLive() {
    hub(100, 10, 1000);
    List<Recorded> before = publish(10);
    FakeSink sink = new FakeSink();
    cut.subscribe(EventFilter.ALL, OptionalLong.of(before.get(3).id()), sink, null);
    List<Recorded> live = publish(2);
    List<Long> expected = new ArrayList<>(ids(before.subList(4, 10)));
    expected.addAll(ids(live));
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.ids().size() == expected.size());
    assertThat(sink.ids()).isEqualTo(expected);
    assertThat(sink.frames("gap")).isEmpty();
  }

  @Test
  void anIdOlderThanHistoryGetsAGapNamingTheMissingIdsBeforeTheReplay() {
    hub(10, 10, 1000);
    List<Recorded> all = publish(30);
    FakeSink sink = new FakeSink();
    cut.subscribe(EventFilter.ALL, OptionalLong.of(all.get(4).id()), sink, null);
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.ids().size() == 10);
    List<Frame> frames = sink.frames();
    int gapAt = frames.indexOf(sink.frames("gap").get(0));
    int firstLogs = frames.indexOf(sink.frames("logs").get(0));
    assertThat(gapAt).isLessThan(firstLogs);
    JsonObject gap = Json.createReader(new StringReader(frames.get(gapAt).data())).readObject();
    assertThat(gap.getString("from")).isEqualTo(Long.toString(all.get(5).id()));
    assertThat(gap.getString("to")).isEqualTo(Long.toString(all.get(19).id()));
    assertThat(frames.get(gapAt).id()).isNull();
    assertThat(sink.ids()).isEqualTo(ids(all.subList(20, 30)));
  }

  @Test
  void anIdFromTheFutureMeansLiveOnly() {
    hub(100, 10, 1000);
    List<Recorded> before = publish(5);
    FakeSink sink = new FakeSink();
    cut.subscribe(EventFilter.ALL, OptionalLong.of(before.get(4).id() + 1_000_000), sink, null);
    List<Recorded> live = publish(2);
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.ids().size() == 2);
    assertThat(sink.ids()).isEqualTo(ids(live));
    assertThat(sink.frames("gap")).isEmpty();
  }

  @Test
  void filtersApplyToReplayAndLiveAndEqualFiltersShareAGroup() {
    hub(100, 10, 1000);
    long start = history.nextId() - 1;
    List<Recorded> info = publish(3, Level.INFO, "com.acme.A");
    List<Recorded> warn = publish(3, Level.WARN, "com.acme.B");
    publish(3, Level.ERROR, "org.other");
    EventFilter filter = EventFilter.of("WARN", List.of("com.acme"), null, null);
    FakeSink a = new FakeSink();
    FakeSink b = new FakeSink();
    FakeSink all = new FakeSink();
    cut.subscribe(filter, OptionalLong.of(start), a, null);
    cut.subscribe(
        EventFilter.of("warning", List.of("com.acme"), null, null), OptionalLong.empty(), b, null);
    cut.subscribe(EventFilter.ALL, OptionalLong.empty(), all, null);
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
    hub(10_000, 10, 100_000);
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
    cut.subscribe(EventFilter.ALL, OptionalLong.empty(), sink, null);
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.frames().size() == 1);
    // idle: one event leaves at once, alone
    List<Recorded> single = publish(1);
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.frames("logs").size() == 1);
    assertThat(sink.ids()).isEqualTo(ids(single));
    // a slow write: 1500 events in 150 relay batches queue up behind it
    blockNext.set(true);
    publish(1);
    await().atMost(20, TimeUnit.SECONDS).until(() -> blocked.get() != null);
    List<Long> queued = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      queued.addAll(ids(publish(10)));
    }
    blocked.get().complete(null);
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.ids().size() == 1502);
    List<Frame> logs = sink.frames("logs");
    assertThat(logs).hasSize(3);
    assertThat(logs.get(2).id()).isEqualTo(Long.toString(queued.get(queued.size() - 1)));
    assertThat(sink.ids().subList(2, 1502)).isEqualTo(queued);
    assertThat(counters.eventsOut()).isEqualTo(1502);
  }

  @Test
  void aSubscriberThatStopsReadingIsCutCountedAndNeverSlowsTheOthers() {
    hub(10_000, 10, 500);
    FakeSink stuck = new FakeSink(CompletableFuture::new); // writes never complete
    FakeSink healthy = new FakeSink();
    cut.subscribe(EventFilter.ALL, OptionalLong.empty(), stuck, null);
    cut.subscribe(EventFilter.ALL, OptionalLong.empty(), healthy, null);
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
    assertThat(counters.dropped(Drop.subscriberPending)).isBetween(491L, 1000L);
    assertThat(cut.subscribers()).isEqualTo(1);
    System.out.printf("hub: longest record+hand-on of 10 events %d us%n", maxPublishNanos / 1000);
  }

  @Test
  void aFullHubRefusesWithRetryAfterAndLeavesOthersAlone() {
    hub(100, 2, 1000);
    FakeSink a = new FakeSink();
    FakeSink b = new FakeSink();
    cut.subscribe(EventFilter.ALL, OptionalLong.empty(), a, null);
    cut.subscribe(EventFilter.ALL, OptionalLong.empty(), b, null);
    assertThatThrownBy(
            () -> cut.subscribe(EventFilter.ALL, OptionalLong.empty(), new FakeSink(), null))
        .isInstanceOfSatisfying(
            HubFullException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(3));
    assertThat(cut.subscribers()).isEqualTo(2);
    List<Recorded> live = publish(2);
    await().atMost(20, TimeUnit.SECONDS).until(() -> a.ids().size() == 2 && b.ids().size() == 2);
    a.close();
    publish(1);
    await().atMost(20, TimeUnit.SECONDS).until(() -> cut.subscribers() == 1);
    cut.subscribe(EventFilter.ALL, OptionalLong.empty(), new FakeSink(), null);
    assertThat(b.ids()).startsWith(ids(live).toArray(Long[]::new));
  }

  @Test
  void aClosedQuietStreamIsFoundByTheHeartbeat() {
    hub(100, 10, 1000);
    FakeSink sink = new FakeSink();
    cut.subscribe(
        EventFilter.of(null, null, List.of("never"), null), OptionalLong.empty(), sink, null);
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
    hub(1_000_000, 10, 1_000_000);
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
        cut.subscribe(EventFilter.ALL, OptionalLong.of(lastId), sink, null);
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
   * once although the stuck one's write still blocks.
   */
  @Test
  void aStuckWriteDoesNotHoldUpOtherClosesAndIsClosedWhenItReturns() throws Exception {
    hub(10_000, 10, 50);
    LockingSink stuck = new LockingSink(true);
    LockingSink other = new LockingSink(false);
    cut.subscribe(EventFilter.ALL, OptionalLong.empty(), stuck, null);
    cut.subscribe(
        EventFilter.of(null, null, List.of("x"), null), OptionalLong.empty(), other, "s1");
    await().atMost(20, TimeUnit.SECONDS).until(() -> stuck.blocked.getCount() == 0);
    for (int i = 0; i < 10; i++) {
      publish(10); // the stuck one overflows; its close has to wait for its write
    }
    assertThat(counters.dropped(Drop.subscriberOverflow)).isEqualTo(1);
    assertThat(cut.closeSession("s1")).isEqualTo(1);
    await().atMost(2, TimeUnit.SECONDS).until(() -> other.closed);
    assertThat(stuck.closed).isFalse();
    stuck.release.countDown(); // the write times out
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
    hub(10_000, 100, 100_000); // 4 writer threads
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    List<BlockingSink> stuck = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) { // twice as many blocked writes as writer threads
        BlockingSink sink = new BlockingSink(release);
        stuck.add(sink);
        cut.subscribe(EventFilter.ALL, OptionalLong.empty(), sink, null);
      }
      await()
          .atMost(20, TimeUnit.SECONDS)
          .until(() -> stuck.stream().allMatch(BlockingSink::blocked));
      FakeSink healthy = new FakeSink();
      cut.subscribe(EventFilter.ALL, OptionalLong.empty(), healthy, null);
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

    @Override
    public CompletionStage<?> send(Frame frame) {
      blocked = true;
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return CompletableFuture.completedFuture(null);
    }

    boolean blocked() {
      return blocked;
    }

    @Override
    public boolean isClosed() {
      return false;
    }

    @Override
    public void close() {}
  }
}
