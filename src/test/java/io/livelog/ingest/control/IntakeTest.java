package io.livelog.ingest.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.events.control.EventRelay;
import io.livelog.events.control.Histories;
import io.livelog.events.control.Sequencer.Submitted;
import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.ingest.control.Intake.Outcome;
import io.livelog.stats.control.Counters;
import io.livelog.stats.control.Counters.Drop;
import io.livelog.store.control.EventStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What an ingest batch is told, and how each refusal is counted, without a container. */
class IntakeTest {

  static final List<LogEvent> TWO =
      List.of(LogEvent.of(Level.INFO, "l", "a"), LogEvent.of(Level.INFO, "l", "b"));

  static Intake intake(boolean storeAccepting, Submitted submitted) {
    Intake cut = new Intake();
    cut.node = Histories.node("n1");
    cut.counters = new Counters();
    cut.ackTimeoutMillis = 0;
    cut.store =
        new EventStore() {
          @Override
          public boolean accepting() {
            return storeAccepting;
          }
        };
    cut.relay =
        new EventRelay() {
          @Override
          public Submitted submitAll(List<LogEvent> events) {
            return submitted;
          }
        };
    return cut;
  }

  static Submitted stored(Boolean committed) {
    CompletableFuture<Boolean> future = new CompletableFuture<>();
    if (committed != null) {
      future.complete(committed);
    }
    return new Submitted(true, future, false);
  }

  /** A cluster node's intake: the grid confirmed the batch, whose last event got id 42. */
  static Intake clustered(boolean shared, Boolean stored, List<Long> askedFor) {
    return clustered(shared, stored, askedFor, true, new java.util.ArrayList<>());
  }

  /**
   * As above; {@code rows} answers the wait for rows other nodes store, which {@code ranges} logs.
   */
  static Intake clustered(
      boolean shared, Boolean stored, List<Long> askedFor, boolean rows, List<String> ranges) {
    Intake cut = intake(true, Submitted.confirmed(42));
    cut.store =
        new EventStore() {
          @Override
          public boolean accepting() {
            return true;
          }

          @Override
          public boolean acknowledgesCommits() {
            return true;
          }

          @Override
          public boolean shared() {
            return shared;
          }

          @Override
          public boolean awaitStored(long id, long millis) {
            askedFor.add(id);
            return stored;
          }

          @Override
          public boolean awaitRows(long firstId, long lastId, long millis) {
            ranges.add(firstId + "-" + lastId);
            return rows;
          }
        };
    return cut;
  }

  @Test
  void onAClusterNodeTheAnswerWaitsForThisNodesCommitOfTheLastId() {
    List<Long> asked = new java.util.ArrayList<>();
    assertThat(clustered(true, true, asked).take(TWO)).isEqualTo(Outcome.ACCEPTED);
    assertThat(asked).containsExactly(42L);

    Intake late = clustered(true, false, asked);
    assertThat(late.take(TWO)).isEqualTo(Outcome.STORE_TIMEOUT);
    assertThat(late.counters.dropped(Drop.storeTimeout)).isEqualTo(2);
  }

  @Test
  void eventsNamingAnotherNodeAreAnsweredOnceTheDatabaseHoldsEveryIdOfTheBatch() {
    List<LogEvent> forwarded =
        List.of(
            LogEvent.of(Level.INFO, "l", "a"), LogEvent.of(Level.INFO, "l", "b").normalized("n2"));
    List<String> ranges = new java.util.ArrayList<>();
    List<Long> asked = new java.util.ArrayList<>();
    assertThat(clustered(true, true, asked, true, ranges).take(TWO)).isEqualTo(Outcome.ACCEPTED);
    assertThat(ranges).as("all its own: this node's commit is enough").isEmpty();
    assertThat(clustered(true, true, asked, true, ranges).take(forwarded))
        .isEqualTo(Outcome.ACCEPTED);
    assertThat(ranges).containsExactly("41-42");

    Intake late = clustered(true, true, asked, false, ranges);
    assertThat(late.take(forwarded)).isEqualTo(Outcome.STORE_TIMEOUT);
    assertThat(late.counters.dropped(Drop.storeTimeout)).isEqualTo(2);
  }

  @Test
  void aClusterNodeWithoutASharedStoreAnswersOnceTheGridConfirmed() {
    List<Long> asked = new java.util.ArrayList<>();
    assertThat(clustered(false, false, asked).take(TWO)).isEqualTo(Outcome.ACCEPTED);
    assertThat(asked).as("its embedded file stores no grid events to wait for").isEmpty();
  }

  @Test
  void acceptedOnceCommitted() {
    assertThat(intake(true, stored(true)).take(TWO)).isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void aStoreThatCannotTakeThemRefusesTheWholeBatchAndCountsIt() {
    Intake cut = intake(false, stored(true));
    assertThat(cut.take(TWO)).isEqualTo(Outcome.STORE_REFUSED);
    assertThat(cut.counters.dropped(Drop.storeFull)).isEqualTo(2);
    assertThat(cut.counters.dropped(Drop.ingestFull)).isZero();
  }

  @Test
  void aFullRelayIsIngestFull() {
    Intake cut =
        intake(true, new Submitted(false, CompletableFuture.completedFuture(false), false));
    assertThat(cut.take(TWO)).isEqualTo(Outcome.FULL);
    assertThat(cut.counters.dropped(Drop.ingestFull)).isEqualTo(2);
  }

  @Test
  void aCommitThatDoesNotComeInTimeIsAStoreTimeout() {
    Intake cut = intake(true, stored(null));
    assertThat(cut.take(TWO)).isEqualTo(Outcome.STORE_TIMEOUT);
    assertThat(cut.counters.dropped(Drop.storeTimeout)).isEqualTo(2);
  }

  @Test
  void aWriteTheStoreRefusedWasCountedWhereItWasDecided() {
    Intake cut = intake(true, stored(false));
    assertThat(cut.take(TWO)).isEqualTo(Outcome.STORE_REFUSED);
    assertThat(cut.counters.drops().values()).allMatch(n -> n == 0);
  }

  @Test
  void aClusterThatDidNotConfirmIsNeitherIngestFullNorAStoreDrop() {
    Intake cut = intake(true, new Submitted(true, CompletableFuture.completedFuture(false), true));
    assertThat(cut.take(TWO)).isEqualTo(Outcome.UNCONFIRMED);
    assertThat(cut.counters.drops().values()).allMatch(n -> n == 0);
  }
}
