package io.livelog.alerts.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import jakarta.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleSyntaxTest {

  static LogEvent event(Level level, String logger, String message) {
    return new LogEvent(null, 0, level, logger, "server", null, null, message, null, null);
  }

  @Test
  void aNamedRuleWithLevelPrefixAndWindow() {
    AlertRule rule = RuleSyntax.parse(" orders: 5 ERROR from com.acme.* in 60 s ");
    assertThat(rule)
        .isEqualTo(
            new AlertRule(
                "orders",
                5,
                Level.ERROR,
                "com.acme.",
                null,
                Map.of(),
                60,
                "orders: 5 ERROR from com.acme.* in 60 s"));
    assertThat(rule.matches(event(Level.ERROR, "com.acme.Orders", "x"))).isTrue();
    assertThat(rule.matches(event(Level.WARN, "com.acme.Orders", "x"))).isFalse();
    assertThat(rule.matches(event(Level.ERROR, "org.acme", "x"))).isFalse();
  }

  @Test
  void unitsQuotedTextAliasesAndDefaults() {
    AlertRule rule = RuleSyntax.parse("20 warning containing \"Timed Out\" in 2 minutes");
    assertThat(rule.name()).isEqualTo("20 warning containing \"Timed Out\" in 2 minutes");
    assertThat(rule.minLevel()).isEqualTo(Level.WARN);
    assertThat(rule.loggerPrefix()).isEmpty();
    assertThat(rule.text()).isEqualTo("timed out");
    assertThat(rule.windowSeconds()).isEqualTo(120);
    assertThat(rule.matches(event(Level.ERROR, "a", "call TIMED OUT after 5 s"))).isTrue();
    assertThat(rule.matches(event(Level.ERROR, "a", "call failed"))).isFalse();
    assertThat(RuleSyntax.parse("1 any in 30s").windowSeconds()).isEqualTo(30);
    assertThat(RuleSyntax.parse("1 any in 30s").minLevel()).isEqualTo(Level.TRACE);
    assertThat(RuleSyntax.parse("3 SEVERE in 1m").windowSeconds()).isEqualTo(60);
    assertThat(RuleSyntax.parseAll("a: 1 ERROR in 5 s; ;b: 2 WARN in 5 s"))
        .extracting(AlertRule::name)
        .containsExactly("a", "b");
    assertThat(RuleSyntax.parseAll(null)).isEmpty();
  }

  @Test
  void whereConditionsMatchFieldsAndTheEventsOwnAttributes() {
    AlertRule rule =
        RuleSyntax.parse("shop: 2 any where status=503 where service=\"web shop\" in 1 m");
    assertThat(rule.where()).isEqualTo(Map.of("status", "503", "service", "web shop"));
    LogEvent hit =
        event(Level.INFO, "a", "x").withFields(Map.of("status", 503L, "service", "web shop"));
    assertThat(rule.matches(hit)).isTrue();
    assertThat(rule.matches(hit.withFields(Map.of("status", 500L, "service", "web shop"))))
        .isFalse();
    assertThat(rule.matches(event(Level.INFO, "a", "x"))).as("no fields").isFalse();
    // ingested fields are JSON values
    assertThat(
            rule.matches(
                hit.withFields(
                    Map.of(
                        "status", Json.createValue(503), "service", Json.createValue("web shop")))))
        .isTrue();
    AlertRule bySource = RuleSyntax.parse("1 ERROR where source=billing where app=shop in 5 s");
    assertThat(bySource.matches(event(Level.ERROR, "a", "x").withSource("billing").withApp("shop")))
        .isTrue();
    assertThat(bySource.matches(event(Level.ERROR, "a", "x").withApp("shop"))).isFalse();
  }

  @Test
  void mistakesSayWhatIsWrong() {
    for (String bad :
        List.of(
            "",
            "five ERROR in 5 s",
            "0 ERROR in 5 s",
            "1 ERROR where in 5 s",
            "1 ERROR where =x in 5 s",
            "1 ERROR where a=1 where a=2 in 5 s",
            "1 ERROR containing \"a;b\" in 5 s",
            "5 LOUD in 5 s",
            "5 ERROR from",
            "5 ERROR near x in 5 s",
            "5 ERROR in",
            "5 ERROR in 5 hours",
            "5 ERROR in 0 s",
            "5 ERROR in 90000 s",
            "5 ERROR containing \"open in 5 s",
            "5 ERROR in 5 s extra")) {
      assertThatThrownBy(() -> RuleSyntax.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aWindowFiresOnceFullThenStartsEmptyAndForgetsOldEvents() {
    long second = 1_000_000_000L;
    RuleWindow window = new RuleWindow(3, 10 * second);
    assertThat(window.add(1, 0)).isNull();
    assertThat(window.add(2, 5 * second)).isNull();
    assertThat(window.add(3, 12 * second)).isNull(); // 1 is out of the window
    assertThat(window.add(4, 13 * second)).isEqualTo(new RuleWindow.Fired(3, 2, 4));
    assertThat(window.add(5, 14 * second)).isNull();
  }

  @Test
  void theWebhookPayloadHasASlackText() {
    String json =
        Webhook.payload(
            new io.livelog.events.entity.Alert(
                "orders",
                5,
                60,
                "10",
                "14",
                1,
                "node-1",
                "orders: 5 ERROR from com.acme. in 60 s"));
    assertThat(json)
        .startsWith("{\"text\":\"Livelog alert orders: 5 events within 60 s")
        .contains("ids 10 to 14 on node-1")
        .contains("\"firstId\":\"10\"", "\"lastId\":\"14\"", "\"windowSeconds\":60");
  }
}
