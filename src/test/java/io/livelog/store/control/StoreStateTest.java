package io.livelog.store.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.store.control.StoreSql.Extent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lost ranges the store's state keeps for readers. */
class StoreStateTest {

  final StoreState cut = new StoreState();

  static List<String> ranges(StoreState state) {
    return state.lostRanges().stream().map(r -> r[0] + "-" + r[1]).toList();
  }

  @Test
  void separateLossesStaySeparateAndTouchingOnesMerge() {
    cut.lost(100, 109);
    cut.lost(200, 209);
    assertThat(ranges(cut)).containsExactly("100-109", "200-209");
    assertThat(cut.lostAt(150)).isNull();
    assertThat(cut.lostAt(205)).containsExactly(200, 209);
    assertThat(cut.lostAfter(109)).isEqualTo(200);
    assertThat(cut.lostAfter(209)).isEqualTo(-1);

    cut.lost(110, 119);
    cut.lost(195, 199);
    assertThat(ranges(cut)).as("adjacent").containsExactly("100-119", "195-209");
    cut.lost(115, 196);
    assertThat(ranges(cut)).as("overlapping both").containsExactly("100-209");
  }

  @Test
  void pastTheBoundTheTwoClosestRangesMerge() {
    for (int i = 0; i < Losses.MAX_RANGES; i++) {
      cut.lost(i * 100L, i * 100L + 9);
    }
    cut.lost(500_000, 500_000);
    cut.lost(500_003, 500_003);
    List<String> ranges = ranges(cut);
    assertThat(ranges).hasSize(Losses.MAX_RANGES);
    assertThat(ranges.get(ranges.size() - 1)).isEqualTo("500000-500003");
  }

  @Test
  void rangesRetentionHasPassedAreLetGo() {
    cut.lost(100, 109);
    cut.lost(200, 209);
    cut.deleted(new Extent(0, 0, -1, -1), 205);
    assertThat(ranges(cut)).containsExactly("200-209");
  }

  @Test
  void aStoredIdIsWaitedForEvenBeforeItIsHandedToTheWriter() throws Exception {
    assertThat(cut.awaitStored(5, 0)).as("not handed to the writer yet: not stored").isFalse();
    cut.offered(5);
    cut.committed(5, 500, 5, 0, 0);
    assertThat(cut.awaitStored(5, 0)).isTrue();
    cut.offered(9);
    cut.lost(6, 9);
    cut.settled(9);
    assertThat(cut.awaitStored(8, 0)).as("settled, but lost").isFalse();
    assertThat(cut.awaitStored(5, 0)).isTrue();
  }

  @Test
  void whatWasLostIsSavedOnceAndWhatCouldNotBeSavedIsTriedAgain() {
    assertThat(cut.losses.unsaved()).as("nothing lost").isNull();
    cut.lost(100, 109);
    cut.lost(110, 119);
    Losses.Unsaved first = cut.losses.unsaved();
    assertThat(first.whole()).isFalse();
    assertThat(first.ranges())
        .extracting(r -> r[0] + "-" + r[1])
        .containsExactly("100-109", "110-119");
    assertThat(cut.losses.unsaved()).as("taken").isNull();

    cut.losses.notSaved(first);
    cut.lost(300, 300);
    assertThat(cut.losses.unsaved().ranges())
        .extracting(r -> r[0] + "-" + r[1])
        .containsExactly("100-109", "110-119", "300-300");
  }

  @Test
  void restoredRangesAreNamedButNotSavedAgainAndAFullTableIsWrittenAnew() {
    cut.losses.restored(List.of(new long[] {100, 109}, new long[] {100, 150}));
    assertThat(ranges(cut)).containsExactly("100-150");
    assertThat(cut.losses.unsaved()).isNull();

    for (int i = 0; i <= 2 * Losses.MAX_RANGES; i++) {
      cut.lost(1_000 + i * 10L, 1_000 + i * 10L);
    }
    Losses.Unsaved whole = cut.losses.unsaved();
    assertThat(whole.whole()).isTrue();
    assertThat(whole.ranges()).hasSize(Losses.MAX_RANGES);
    cut.losses.saved(whole);
    cut.lost(900_000, 900_000);
    assertThat(cut.losses.unsaved().whole()).as("back to adding rows").isFalse();
  }
}
