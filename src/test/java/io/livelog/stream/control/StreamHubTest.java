package io.livelog.stream.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.livelog.events.control.EventFilter;
import io.livelog.events.control.Histories;
import io.livelog.events.control.HistoryBuffer;
import io.livelog.events.control.NodeMemory;
import io.livelog.events.entity.Alert;
import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.events.entity.Recorded;
import io.livelog.events.entity.RecordedBatch;
import io.livelog.stats.control.Counters;
import io.livelog.stats.control.Counters.Drop;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hub's logic without a container: resume, gaps, batching, parking, cuts, the memory budget,
 * limits, groups. The sinks are non-blocking fakes that refuse like a container does.
 */
class StreamHubTest {

  HistoryBuffer history;
  Counters counters = new Counters();
  StreamHub cut;
  int maxSubscribers;
  long groupBytes;
  long memoryBytes = 256L << 20;
  int stallSeconds = 30;
  int heartbeatSeconds = 1;
  int maxPerUser = 1000;
  int maxFilters = 1000;

  /** A hub to start; {@code groupBytes} bounds each group's ring. */
  StreamHub hub(int historySize, int maxSubscribers, long groupBytes) {
    history = Histories.history(historySize);
    cut = new StreamHub();
    cut.history = history;
    cut.counters = counters;
    cut.node = Histories.node("test-node");
    this.maxSubscribers = maxSubscribers;
    this.groupBytes = groupBytes;
    return cut;
  }

  StreamHub started() {
    ThreadFactory threads = Thread::new;
    cut.start(
        new StreamSettings(
            maxSubscribers,
            maxPerUser,
            maxFilters,
            groupBytes,
            memoryBytes,
            stallSeconds,
            heartbeatSeconds,
            5,
            2500,
            4,
            2,
            100_000),
        threads);
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
  List<Recorded> publish(int n, Level level, String logger, String message) {
    List<LogEvent> events =
        IntStream.range(0, n).mapToObj(i -> LogEvent.of(level, logger, message + i)).toList();
    List<Recorded> recorded = Histories.record(history, events);
    cut.onRecorded(new RecordedBatch(recorded));
    return recorded;
  }

  List<Recorded> publish(int n, Level level, String logger) {
    return publish(n, level, logger, "m");
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
    FakeSink.Message open = sink.frames().get(0);
    assertThat(open.retryMillis()).isEqualTo(2500);
    assertThat(open.name()).isNull();
    assertThat(Json.createReader(new StringReader(open.data())).readObject().getString("node"))
        .isEqualTo("test-node");
    assertThat(sink.ids()).isEqualTo(ids(live));
    assertThat(counters.eventsOut()).isEqualTo(3);
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
    assertThat(counters.eventsOut()).as("replayed events count as out").isEqualTo(8);
  }

  @Test
  void anIdOlderThanHistoryGetsAGapNamingTheMissingIdsBeforeTheReplay() {
    hub(10, 10, 1_000_000);
    started();
    List<Recorded> all = publish(30);
    FakeSink sink = new FakeSink();
    subscribe(EventFilter.ALL, OptionalLong.of(all.get(4).id()), sink, null);
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.ids().size() == 10);
    List<FakeSink.Message> frames = sink.frames();
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

  /** Ids jump at a restart: a gap reaching across one names its range but claims no count. */
  @Test
  void aGapAcrossARestartOfTheIdsNamesTheRangeButNoCount() {
    hub(10, 10, 1_000_000);
    started();
    List<Recorded> old = publish(3);
    history.restart(history.nextId() + 1_000);
    List<Recorded> fresh = publish(20);
    FakeSink sink = new FakeSink();
    subscribe(EventFilter.ALL, OptionalLong.of(old.get(2).id()), sink, null);
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.ids().size() == 10);
    JsonObject gap =
        Json.createReader(new StringReader(sink.frames("gap").get(0).text())).readObject();
    assertThat(gap.getString("from")).isEqualTo(Long.toString(old.get(2).id() + 1));
    assertThat(gap.getString("to")).isEqualTo(Long.toString(fresh.get(9).id()));
    assertThat(gap.containsKey("missed")).isFalse();
    assertThat(sink.ids()).isEqualTo(ids(fresh.subList(10, 20)));
  }

  /**
   * A client that read events from another node, ahead of this one, resumes here with an id this
   * node has not recorded yet: what comes up to that id is skipped (the client has it), what comes
   * after arrives. No duplicate, no gap.
   */
  @Test
  void anIdAtOrAboveTheNewestSkipsEverythingUpToItAndNothingAfter() {
    hub(100, 10, 1_000_000);
    started();
    List<Recorded> before = publish(5);
    FakeSink atNewest = new FakeSink();
    FakeSink ahead = new FakeSink();
    subscribe(EventFilter.ALL, OptionalLong.of(before.get(4).id()), atNewest, null);
    subscribe(EventFilter.ALL, OptionalLong.of(before.get(4).id() + 3), ahead, null);
    List<Recorded> live = publish(5);
    await().atMost(20, TimeUnit.SECONDS).until(() -> atNewest.ids().size() == 5);
    await().atMost(20, TimeUnit.SECONDS).until(() -> ahead.ids().size() == 2);
    assertThat(atNewest.ids()).isEqualTo(ids(live));
    assertThat(ahead.ids()).isEqualTo(ids(live.subList(3, 5)));
    assertThat(ahead.frames("gap")).isEmpty();
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
    a.disconnect();
    b.disconnect();
    await().atMost(20, TimeUnit.SECONDS).until(() -> cut.groups() == 1 && cut.subscribers() == 1);
    assertThat(a.isClosed()).isTrue();
  }

  @Test
  void aTextFilterMatchesCaseInsensitivelyAcrossManyGroups() {
    hub(1000, 300, 1_000_000);
    started();
    List<FakeSink> sinks = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      FakeSink sink = new FakeSink();
      subscribe(EventFilter.of(null, null, null, "needle-" + i), OptionalLong.empty(), sink, null);
      sinks.add(sink);
    }
    assertThat(cut.groups()).isEqualTo(200);
    publish(3, Level.INFO, "t", "hay ");
    List<Recorded> hit = publish(1, Level.INFO, "t", "a NEEDLE-7 in the ");
    publish(3, Level.INFO, "t", "hay ");
    await().atMost(20, TimeUnit.SECONDS).until(() -> sinks.get(7).ids().size() == 1);
    assertThat(sinks.get(7).ids()).isEqualTo(ids(hit));
    assertThat(sinks.get(8).ids()).isEmpty();
  }

  /**
   * A sink that takes no more is not written to (the container would throw) and not asked over and
   * over (no busy loop); when it can take more, everything that queued meanwhile leaves in a few
   * frames of at most {@link Subscriber#FRAME_BYTES}, in order.
   */
  @Test
  void aParkedSubscriberIsNotWrittenToThenGetsWhatQueuedInFewFrames() {
    hub(10_000, 10, 100_000_000L);
    started();
    FakeSink sink = new FakeSink();
    subscribe(EventFilter.ALL, OptionalLong.empty(), sink, null);
    List<Recorded> single = publish(1);
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.ids().size() == 1);
    assertThat(sink.ids()).isEqualTo(ids(single));
    sink.writable(false);
    List<Long> queued = new ArrayList<>(ids(publish(1)));
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.readyCalls.get() > 0 && parked(sink));
    int asked = sink.readyCalls.get();
    for (int i = 0; i < 150; i++) {
      queued.addAll(ids(publish(2)));
    }
    int written = sink.writes.get();
    // the fan-out of 150 batches wakes nobody while the subscriber is parked: only the tick's
    // safety net asks again, four times a second
    await().during(300, TimeUnit.MILLISECONDS).atMost(5, TimeUnit.SECONDS).until(() -> true);
    assertThat(sink.readyCalls.get()).isLessThanOrEqualTo(asked + 3);
    assertThat(sink.writes.get()).isEqualTo(written);
    sink.writable(true);
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.ids().size() == 302);
    assertThat(sink.ids().subList(1, 302)).isEqualTo(queued);
    // 42 KB queued: a handful of frames of at most 32 KB, not 301
    assertThat(sink.frames("logs")).hasSizeLessThanOrEqualTo(5);
    assertThat(counters.eventsOut()).isEqualTo(302);
  }

  private boolean parked(FakeSink sink) {
    return cut.subscribers() == 1 && sink.writes.get() > 0 && !sink.isClosed();
  }

  @Test
  void aSubscriberThatStopsReadingFallsOffItsRingIsCutCountedOnceAndSlowsNobody() {
    hub(10_000, 10, 64 * 1024);
    started();
    FakeSink stuck = new FakeSink();
    FakeSink healthy = new FakeSink();
    subscribe(EventFilter.ALL, OptionalLong.empty(), stuck, null);
    subscribe(EventFilter.ALL, OptionalLong.empty(), healthy, null);
    await().atMost(20, TimeUnit.SECONDS).until(() -> stuck.frames().size() == 1);
    stuck.writable(false);
    List<Long> sent = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      sent.addAll(ids(publish(10, Level.INFO, "test", "x".repeat(200))));
      int expected = sent.size();
      await().atMost(20, TimeUnit.SECONDS).until(() -> healthy.ids().size() == expected);
    }
    assertThat(healthy.ids()).isEqualTo(sent);
    await().atMost(20, TimeUnit.SECONDS).until(stuck::isClosed);
    assertThat(counters.dropped(Drop.subscriberOverflow)).isEqualTo(1);
    assertThat(counters.dropped(Drop.subscriberPending)).isBetween(100L, 1000L);
    assertThat(cut.subscribers()).isEqualTo(1);
  }

  @Test
  void aSubscriberThatAcceptsNoByteForTheStallTimeIsCut() {
    hub(10_000, 10, 100_000_000L);
    stallSeconds = 1;
    started();
    FakeSink stalled = new FakeSink();
    subscribe(EventFilter.ALL, OptionalLong.empty(), stalled, null);
    await().atMost(20, TimeUnit.SECONDS).until(() -> stalled.frames().size() == 1);
    stalled.writable(false);
    publish(1);
    await().atMost(20, TimeUnit.SECONDS).until(stalled::isClosed);
    assertThat(counters.dropped(Drop.subscriberOverflow)).isEqualTo(1);
    assertThat(cut.subscribers()).isZero();
  }

  /** Many groups of laggards against a small node budget: the rings are trimmed to it. */
  @Test
  void theNodesBudgetBoundsAllRingsTogetherAndCutsTheLaggards() {
    memoryBytes = 2L << 20;
    hub(100_000, 100, 1L << 20);
    started();
    List<FakeSink> stuck = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      FakeSink sink = new FakeSink();
      subscribe(
          EventFilter.of(null, null, List.of("s" + i, "app"), null),
          OptionalLong.empty(),
          sink,
          null);
      stuck.add(sink);
    }
    FakeSink healthy = new FakeSink();
    subscribe(EventFilter.ALL, OptionalLong.empty(), healthy, null);
    await().atMost(20, TimeUnit.SECONDS).until(() -> stuck.stream().allMatch(s -> s.bytes() > 0));
    stuck.forEach(s -> s.writable(false));
    List<Long> sent = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      sent.addAll(ids(publish(20, Level.INFO, "t", "y".repeat(1000))));
      int expected = sent.size();
      await().atMost(20, TimeUnit.SECONDS).until(() -> healthy.ids().size() == expected);
      // beyond the budget at most the batch being fanned out
      assertThat(cut.memoryBytes()).isLessThan(memoryBytes + (256 << 10));
    }
    await().atMost(20, TimeUnit.SECONDS).until(() -> cut.memoryBytes() <= memoryBytes);
    await().atMost(20, TimeUnit.SECONDS).until(() -> healthy.ids().size() == sent.size());
    await().atMost(20, TimeUnit.SECONDS).until(() -> stuck.stream().allMatch(FakeSink::isClosed));
    assertThat(counters.dropped(Drop.subscriberOverflow)).isEqualTo(10);
    assertThat(healthy.ids()).isEqualTo(sent);
  }

  /**
   * The node's budget counts every part that holds events: with history holding most of it, the
   * rings give way although the stream's own budget is far off, the laggard is cut and counted once
   * and the healthy reader gets everything.
   */
  @Test
  void theNodesBudgetCountsThePartsBesideTheStream() {
    NodeMemory node = new NodeMemory(3L << 20);
    node.measure(NodeMemory.Part.HISTORY, () -> 2L << 20);
    hub(100_000, 100, 4L << 20);
    cut.nodeMemory = node;
    started();
    FakeSink stuck = new FakeSink();
    subscribe(
        EventFilter.of(null, null, List.of("s0", "app"), null), OptionalLong.empty(), stuck, null);
    FakeSink healthy = new FakeSink();
    subscribe(EventFilter.ALL, OptionalLong.empty(), healthy, null);
    await().atMost(20, TimeUnit.SECONDS).until(() -> stuck.bytes() > 0);
    stuck.writable(false);
    List<Long> sent = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      sent.addAll(ids(publish(20, Level.INFO, "t", "y".repeat(1000))));
      int expected = sent.size();
      await().atMost(20, TimeUnit.SECONDS).until(() -> healthy.ids().size() == expected);
    }
    await().atMost(20, TimeUnit.SECONDS).until(stuck::isClosed);
    await().atMost(20, TimeUnit.SECONDS).until(() -> !node.over());
    assertThat(node.parts()).containsEntry(NodeMemory.Part.STREAM, cut.memoryBytes());
    assertThat(cut.memoryBytes()).as("far below the stream's own budget").isLessThan(memoryBytes);
    assertThat(counters.dropped(Drop.subscriberOverflow)).isEqualTo(1);
    assertThat(healthy.ids()).isEqualTo(sent);
  }

  /** A 30 KB event replays in frames of one event each, never a page of a thousand. */
  @Test
  void replayFramesAreBoundedInBytes() {
    hub(1000, 10, 100_000_000L);
    started();
    long start = history.nextId() - 1;
    List<Recorded> big = publish(40, Level.ERROR, "t", "z".repeat(30_000));
    FakeSink sink = new FakeSink();
    subscribe(EventFilter.ALL, OptionalLong.of(start), sink, null);
    await().atMost(20, TimeUnit.SECONDS).until(() -> sink.ids().size() == 40);
    assertThat(sink.ids()).isEqualTo(ids(big));
    assertThat(sink.frames("logs")).allMatch(f -> f.data().length() < 64 * 1024);
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
    a.disconnect();
    await().atMost(20, TimeUnit.SECONDS).until(() -> cut.subscribers() == 1);
    subscribe(EventFilter.ALL, OptionalLong.empty(), new FakeSink(), null);
    assertThat(b.ids()).isEqualTo(ids(live));
  }

  @Test
  void aQuietStreamGetsPingsAndAtMostOneIsEverPending() {
    hub(100, 10, 1_000_000);
    started();
    FakeSink sink = new FakeSink();
    subscribe(EventFilter.of(null, null, List.of("never"), null), OptionalLong.empty(), sink, null);
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(() -> sink.frames().stream().anyMatch(f -> "ping".equals(f.comment())));
    sink.writable(false);
    await().during(2500, TimeUnit.MILLISECONDS).atMost(5, TimeUnit.SECONDS).until(() -> true);
    long before = sink.frames().stream().filter(f -> "ping".equals(f.comment())).count();
    sink.writable(true);
    await().atMost(5, TimeUnit.SECONDS).until(() -> pings(sink) >= before + 1);
    assertThat(pings(sink)).isLessThanOrEqualTo(before + 2);
  }

  @Test
  void aQuietStreamWhoseClientWentAwayIsReleasedLongBeforeTheHeartbeat() {
    heartbeatSeconds = 15;
    hub(100, 10, 1_000_000);
    started();
    FakeSink sink = new FakeSink();
    subscribe(EventFilter.of(null, null, List.of("never"), null), OptionalLong.empty(), sink, null);
    await().atMost(5, TimeUnit.SECONDS).until(() -> cut.subscribers() == 1);
    sink.goneSilently();
    await().atMost(5, TimeUnit.SECONDS).until(() -> cut.subscribers() == 0);
  }

  private static long pings(FakeSink sink) {
    return sink.frames().stream().filter(f -> "ping".equals(f.comment())).count();
  }

  @Test
  void eachIdentityHasItsShareOfStreams() {
    maxPerUser = 2;
    hub(100, 10, 1_000_000);
    started();
    cut.subscribe(EventFilter.ALL, OptionalLong.empty(), new FakeSink(), null, "alice");
    cut.subscribe(EventFilter.ALL, OptionalLong.empty(), new FakeSink(), null, "alice");
    assertThatThrownBy(
            () ->
                cut.subscribe(EventFilter.ALL, OptionalLong.empty(), new FakeSink(), null, "alice"))
        .isInstanceOfSatisfying(
            StreamLimitException.class,
            e -> assertThat(e.limit()).isEqualTo(StreamLimitException.Limit.PER_USER));
    cut.subscribe(EventFilter.ALL, OptionalLong.empty(), new FakeSink(), null, "bob");
    assertThat(cut.subscribers()).isEqualTo(3);
  }

  @Test
  void distinctFiltersAreCapped() {
    maxFilters = 2;
    hub(100, 10, 1_000_000);
    started();
    subscribe(EventFilter.ALL, OptionalLong.empty(), new FakeSink(), null);
    subscribe(EventFilter.of("WARN", null, null, null), OptionalLong.empty(), new FakeSink(), null);
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
    assertThat(cut.subscribers()).isEqualTo(3);
    assertThat(cut.groups()).isEqualTo(2);
  }

  @Test
  void closingASessionClosesItsStreamsOnly() {
    hub(100, 10, 1_000_000);
    started();
    FakeSink mine = new FakeSink();
    FakeSink other = new FakeSink();
    subscribe(EventFilter.ALL, OptionalLong.empty(), mine, "s1");
    subscribe(EventFilter.ALL, OptionalLong.empty(), other, "s2");
    assertThat(cut.closeSession("s1")).isEqualTo(1);
    await().atMost(5, TimeUnit.SECONDS).until(mine::isClosed);
    List<Recorded> live = publish(1);
    await().atMost(5, TimeUnit.SECONDS).until(() -> other.ids().size() == 1);
    assertThat(other.ids()).isEqualTo(ids(live));
    assertThat(other.isClosed()).isFalse();
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
        sink.disconnect();
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
   * A restart storm: a hundred browsers resume from one id, each joining at another moment of a
   * feed, so their snapshots end at different ids while they share the replay's pages. Each gets
   * every event after the id exactly once, in order.
   */
  @Test
  void subscribersResumingOneIdWhileEventsFlowShareReplayPagesAndEachGetsEverythingOnce() {
    hub(1_000_000, 100, 1_000_000_000L);
    started();
    List<Recorded> before = publish(500);
    long resumeFrom = before.get(9).id();
    List<FakeSink> sinks = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      FakeSink sink = new FakeSink();
      subscribe(EventFilter.ALL, OptionalLong.of(resumeFrom), sink, null);
      sinks.add(sink);
      publish(3);
    }
    long last = history.nextId() - 1;
    List<Long> expected = new ArrayList<>();
    for (long id = resumeFrom + 1; id <= last; id++) {
      expected.add(id);
    }
    await()
        .atMost(20, TimeUnit.SECONDS)
        .until(() -> sinks.stream().allMatch(s -> s.ids().size() >= expected.size()));
    for (FakeSink sink : sinks) {
      assertThat(sink.ids()).isEqualTo(expected);
      assertThat(sink.frames("gap")).isEmpty();
    }
  }

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
        sink.disconnect();
        long expected = lastId + 1;
        for (FakeSink.Message frame : sink.frames()) {
          if ("gap".equals(frame.name())) {
            JsonObject gap = Json.createReader(new StringReader(frame.text())).readObject();
            long from = Long.parseLong(gap.getString("from"));
            long to = Long.parseLong(gap.getString("to"));
            assertThat(from).as("gap starts where the stream was").isEqualTo(expected);
            if (gap.containsKey("missed")) {
              assertThat(gap.getInt("missed")).isEqualTo((int) (to - from + 1));
            } else {
              // the range reaches below the first id this history ever gave: no count
              assertThat(from).isLessThan(history.denseFrom());
            }
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
}
