package io.livelog.problem.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IngestMediaTypeFilterTest {

  @Test
  void onlyJsonAndNdjsonAreAccepted() {
    assertThat(IngestMediaTypeFilter.accepted("application/json")).isTrue();
    assertThat(IngestMediaTypeFilter.accepted("Application/JSON; charset=utf-8")).isTrue();
    assertThat(IngestMediaTypeFilter.accepted("application/x-ndjson")).isTrue();
    assertThat(IngestMediaTypeFilter.accepted(null)).isFalse();
    assertThat(IngestMediaTypeFilter.accepted("")).isFalse();
    assertThat(IngestMediaTypeFilter.accepted("text/plain")).isFalse();
    assertThat(IngestMediaTypeFilter.accepted("application/*")).isFalse();
    assertThat(IngestMediaTypeFilter.accepted("*/*")).isFalse();
    assertThat(IngestMediaTypeFilter.accepted("application/json-patch+json")).isFalse();
    assertThat(IngestMediaTypeFilter.accepted(";;;")).isFalse();
  }

  @Test
  void onlyTheLogsPathIsGuarded() {
    assertThat(IngestMediaTypeFilter.isLogs("logs")).isTrue();
    assertThat(IngestMediaTypeFilter.isLogs("/logs/")).isTrue();
    assertThat(IngestMediaTypeFilter.isLogs("stream")).isFalse();
    assertThat(IngestMediaTypeFilter.isLogs("logs/x")).isFalse();
  }
}
