package io.livelog.events.entity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LevelTest {

  @Test
  void julAndShipperAliasesMapCaseInsensitively() {
    assertThat(Level.parse("finest")).contains(Level.TRACE);
    assertThat(Level.parse("FINER")).contains(Level.TRACE);
    assertThat(Level.parse("Fine")).contains(Level.DEBUG);
    assertThat(Level.parse("CONFIG")).contains(Level.DEBUG);
    assertThat(Level.parse("info")).contains(Level.INFO);
    assertThat(Level.parse("WARNING")).contains(Level.WARN);
    assertThat(Level.parse("severe")).contains(Level.ERROR);
    assertThat(Level.parse("FATAL")).contains(Level.ERROR);
    assertThat(Level.parse("critical")).contains(Level.ERROR);
    assertThat(Level.parse("LOUD")).isEmpty();
    assertThat(Level.parse(null)).isEmpty();
  }

  @Test
  void julLevelsMapByValueSoCustomLevelsMapToo() {
    assertThat(Level.of(java.util.logging.Level.SEVERE)).isEqualTo(Level.ERROR);
    assertThat(Level.of(java.util.logging.Level.WARNING)).isEqualTo(Level.WARN);
    assertThat(Level.of(java.util.logging.Level.INFO)).isEqualTo(Level.INFO);
    assertThat(Level.of(java.util.logging.Level.CONFIG)).isEqualTo(Level.DEBUG);
    assertThat(Level.of(java.util.logging.Level.FINE)).isEqualTo(Level.DEBUG);
    assertThat(Level.of(java.util.logging.Level.FINEST)).isEqualTo(Level.TRACE);
    assertThat(Level.of(java.util.logging.Level.parse("850"))).isEqualTo(Level.INFO);
  }
}
