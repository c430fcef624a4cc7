package io.livelog.sources.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class CaptureHandlerTest {

  final List<LogEvent> captured = new ArrayList<>();
  final CaptureHandler cut = new CaptureHandler(captured::add, Level.INFO);

  /** Shaped like JBoss LogManager's ExtLogRecord: printf-style format, formats itself. */
  public static class PrintfRecord extends LogRecord {
    private static final long serialVersionUID = 1L;

    public PrintfRecord(java.util.logging.Level level, String format, Object... parameters) {
      super(level, format);
      setParameters(parameters);
    }

    public String getFormattedMessage() {
      return String.format(getMessage(), getParameters());
    }
  }

  @Test
  void julRecordsAreFormattedTheJulWay() {
    LogRecord record = new LogRecord(java.util.logging.Level.WARNING, "took {0} ms");
    record.setParameters(new Object[] {812});
    record.setLoggerName("com.acme");
    cut.publish(record);
    assertThat(captured).singleElement().extracting(LogEvent::message).isEqualTo("took 812 ms");
    assertThat(captured.get(0).level()).isEqualTo(Level.WARN);
  }

  @Test
  void selfFormattingRecordsOfJbossLogManagerKeepTheirParameters() {
    cut.publish(
        new PrintfRecord(java.util.logging.Level.SEVERE, "WFLYEJB0020: timer %s failed", "t-1"));
    assertThat(captured)
        .singleElement()
        .extracting(LogEvent::message)
        .isEqualTo("WFLYEJB0020: timer t-1 failed");
  }

  @Test
  void recordsBelowTheLevelAreIgnored() {
    cut.publish(new LogRecord(java.util.logging.Level.FINE, "detail"));
    assertThat(captured).isEmpty();
  }

  @Test
  void anOperatorsChangeLetsThatLoggersFineRecordsInAndEveryEventNamesItsApp() {
    CaptureHandler changed =
        new CaptureHandler(
            captured::add, Level.INFO, name -> name.startsWith("com.acme"), () -> "orders");
    LogRecord fine = new LogRecord(java.util.logging.Level.FINE, "detail");
    fine.setLoggerName("com.acme.Orders");
    LogRecord other = new LogRecord(java.util.logging.Level.FINE, "other");
    other.setLoggerName("org.other");
    changed.publish(fine);
    changed.publish(other);
    assertThat(captured).singleElement().extracting(LogEvent::message).isEqualTo("detail");
    assertThat(captured.get(0).app()).isEqualTo("orders");
    assertThat(captured.get(0).level()).isEqualTo(Level.DEBUG);
  }
}
