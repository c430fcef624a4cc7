package io.livelog.stream.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.livelog.events.control.EventFilter;
import io.livelog.events.control.Histories;
import io.livelog.stats.control.Counters;
import io.livelog.stream.control.StreamLimitException.Limit;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Who gets a stream: the node's limit ({@code livelog.subscribers.max}), each identity's share
 * ({@code livelog.subscribers.perUser}) and the distinct filters ({@code livelog.filters.max}). A
 * refusal names its limit and a {@code Retry-After}, registers nothing, opens nothing, and leaves
 * no slot or share behind; a stream that ends gives its slot and share back.
 */
class StreamHubAdmissionTest {

  static final EventFilter WARN = EventFilter.of("WARN", null, null, null);
  static final EventFilter ERROR = EventFilter.of("ERROR", null, null, null);

  StreamHub cut;

  /** A started hub with these limits; clients are told to retry after 2.5 s (so 3 s). */
  StreamHub hub(int maxSubscribers, int maxPerUser, int maxFilters) {
    cut = new StreamHub();
    cut.history = Histories.history(100);
    cut.counters = new Counters();
    cut.node = Histories.node("test-node");
    cut.start(
        new StreamSettings(
            maxSubscribers,
            maxPerUser,
            maxFilters,
            1 << 20,
            64L << 20,
            30,
            15,
            5,
            2500,
            2,
            1,
            100_000),
        Thread::new);
    return cut;
  }

  @AfterEach
  void shutdown() {
    if (cut != null) {
      cut.shutdown();
    }
  }

  FakeSink admit(EventFilter filter, String identity) {
    FakeSink sink = new FakeSink();
    cut.subscribe(filter, OptionalLong.empty(), sink, null, identity);
    return sink;
  }

  /** Asserts that this subscription is refused for {@code limit}, and that the sink stays shut. */
  void refused(EventFilter filter, String identity, Limit limit, long retryAfterSeconds) {
    FakeSink sink = new FakeSink();
    assertThatThrownBy(() -> cut.subscribe(filter, OptionalLong.empty(), sink, null, identity))
        .isInstanceOfSatisfying(
            StreamLimitException.class,
            e -> {
              assertThat(e.limit()).isEqualTo(limit);
              assertThat(e.retryAfterSeconds()).isEqualTo(retryAfterSeconds);
            });
    assertThat(sink.text()).as("a refused stream writes nothing").isEmpty();
  }

  @Test
  void aFullNodeRefusesEveryoneWithRetryAfterUntilAStreamEnds() {
    hub(2, 10, 10);
    FakeSink first = admit(EventFilter.ALL, "alice");
    admit(EventFilter.ALL, "bob");
    refused(EventFilter.ALL, "carol", Limit.SUBSCRIBERS, 3);
    refused(EventFilter.ALL, "alice", Limit.SUBSCRIBERS, 3);
    assertThat(cut.subscribers()).isEqualTo(2);

    first.disconnect();
    await().atMost(10, TimeUnit.SECONDS).until(() -> cut.subscribers() == 1);
    admit(EventFilter.ALL, "carol");
    assertThat(cut.subscribers()).isEqualTo(2);
  }

  @Test
  void eachIdentityHasItsShareWhateverTheOthersHold() {
    hub(10, 2, 10);
    admit(EventFilter.ALL, "alice");
    admit(WARN, "alice");
    refused(ERROR, "alice", Limit.PER_USER, 3);
    admit(EventFilter.ALL, "bob");
    admit(EventFilter.ALL, "bob");
    refused(EventFilter.ALL, "bob", Limit.PER_USER, 3);
    assertThat(cut.subscribers()).isEqualTo(4);
  }

  @Test
  void aRefusalForTheShareTakesNoSlotOfTheNode() {
    hub(3, 1, 10);
    admit(EventFilter.ALL, "alice");
    for (int i = 0; i < 5; i++) {
      refused(EventFilter.ALL, "alice", Limit.PER_USER, 3);
    }
    admit(EventFilter.ALL, "bob");
    admit(EventFilter.ALL, "carol");
    refused(EventFilter.ALL, "dave", Limit.SUBSCRIBERS, 3);
  }

  @Test
  void aRefusalForFiltersTakesNeitherASlotNorAShare() {
    hub(2, 1, 1);
    admit(EventFilter.ALL, "alice");
    refused(WARN, "bob", Limit.FILTERS, 30);
    refused(ERROR, "bob", Limit.FILTERS, 30);
    assertThat(cut.groups()).isEqualTo(1);
    admit(EventFilter.ALL, "bob");
    assertThat(cut.subscribers()).isEqualTo(2);
  }

  @Test
  void anEndedStreamGivesItsShareBackAndItsFilterSlotWhenItWasTheLast() {
    hub(10, 1, 1);
    FakeSink warn = admit(WARN, "alice");
    refused(EventFilter.ALL, "bob", Limit.FILTERS, 30);
    refused(WARN, "alice", Limit.PER_USER, 3);

    warn.disconnect();
    await().atMost(10, TimeUnit.SECONDS).until(() -> cut.subscribers() == 0 && cut.groups() == 0);
    admit(EventFilter.ALL, "bob");
    admit(EventFilter.ALL, "alice");
    assertThat(cut.subscribers()).isEqualTo(2);
  }

  @Test
  void equalFiltersShareOneGroupSoTheFilterLimitCountsDistinctOnes() {
    hub(10, 10, 1);
    admit(WARN, "alice");
    admit(EventFilter.of("warn", null, null, null), "bob");
    admit(WARN, "carol");
    assertThat(cut.groups()).isEqualTo(1);
    assertThat(cut.subscribers()).isEqualTo(3);
  }
}
