package io.livelog.alerts.control;

import io.livelog.events.control.Node;
import io.livelog.events.entity.Alert;
import io.livelog.events.entity.Level;
import io.livelog.events.entity.LogEvent;
import io.livelog.events.entity.Recorded;
import io.livelog.events.entity.RecordedBatch;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Counts recorded events against the alert rules (those of {@code livelog.alerts.rules} until an
 * operator replaces them) and raises an {@link Alert} when a rule's window fills: to the stream
 * (observers of {@code Alert}) and to the {@link Webhook}. It runs on the thread that hands
 * recorded batches on, after the stream has them, and never throws there.
 *
 * <p>An operator's rules are saved ({@link RuleFile}) before they apply and are read again at
 * start, unless {@code livelog.alerts.rules} changed since they were set: then the newer decision,
 * the configuration, wins (ADR 0015).
 */
@ApplicationScoped
public class Alerting {

  private static final Logger LOG = Logger.getLogger(Alerting.class.getName());

  @Inject
  @ConfigProperty(name = "livelog.alerts.rules")
  Optional<String> configured;

  @Inject
  @ConfigProperty(name = "livelog.alerts.file")
  Optional<String> file;

  @Inject
  @ConfigProperty(name = "livelog.store.dir")
  Optional<String> storeDir;

  @Inject Event<Alert> alerts;
  @Inject Event<LogEvent> audit;
  @Inject Webhook webhook;
  @Inject Node node;

  LongSupplier nanos = System::nanoTime;

  /** A rule with its window; replaced whole when the rules change. */
  private record Armed(AlertRule rule, RuleWindow window) {}

  /** Who set the rules in force: {@code by} null for the configuration. */
  public record Origin(String by, long ts) {}

  private volatile List<Armed> armed = List.of();
  private volatile Origin origin = new Origin(null, 0);
  private RuleFile saved;

  @PostConstruct
  void init() {
    saved =
        new RuleFile(
            RuleFile.resolve(
                file, storeDir, node == null ? null : node.name(), System::getProperty));
    String setting = configuredText();
    Optional<RuleFile.Saved> operators = saved.inForce(setting);
    if (operators.isPresent()) {
      replace(operators.get().rules().stream().map(RuleSyntax::parse).toList());
      origin = new Origin(operators.get().by(), operators.get().ts());
      return;
    }
    try {
      replace(RuleSyntax.parseAll(setting));
    } catch (IllegalArgumentException e) {
      LOG.severe("livelog.alerts.rules ignored: " + e.getMessage());
    }
  }

  private String configuredText() {
    return configured.map(String::strip).orElse("");
  }

  /** Replaces every rule; their windows start empty. */
  public synchronized void replace(List<AlertRule> rules) {
    List<Armed> next = new ArrayList<>();
    for (AlertRule rule : rules) {
      next.add(
          new Armed(
              rule, new RuleWindow(rule.count(), TimeUnit.SECONDS.toNanos(rule.windowSeconds()))));
    }
    armed = List.copyOf(next);
  }

  /**
   * An operator replaces every rule: saved first, then in force, audited as a {@code security}
   * event.
   *
   * @throws IOException when the rules could not be saved (nothing changed then)
   */
  public void replace(List<AlertRule> rules, String by) throws IOException {
    long now = System.currentTimeMillis();
    saved.write(
        new RuleFile.Saved(
            rules.stream().map(AlertRule::description).toList(), configuredText(), by, now));
    replace(rules);
    origin = new Origin(by, now);
    audit.fire(
        new LogEvent(
            null,
            System.currentTimeMillis(),
            Level.WARN,
            Alerting.class.getName(),
            "security",
            null,
            null,
            by + " set " + rules.size() + (rules.size() == 1 ? " alert rule" : " alert rules"),
            null,
            Map.of(
                "user",
                by,
                "rules",
                String.join("; ", rules.stream().map(AlertRule::description).toList()))));
  }

  /** Who set the rules in force, and when; {@code by} is null for the configuration's. */
  public Origin origin() {
    return origin;
  }

  public List<AlertRule> rules() {
    return armed.stream().map(Armed::rule).toList();
  }

  void onRecorded(@Observes @Priority(Interceptor.Priority.APPLICATION + 900) RecordedBatch batch) {
    List<Armed> rules = armed;
    if (rules.isEmpty()) {
      return;
    }
    try {
      List<Alert> raised = check(rules, batch.events());
      for (Alert alert : raised) {
        alerts.fire(alert);
        webhook.send(alert);
      }
    } catch (RuntimeException e) {
      LOG.log(java.util.logging.Level.WARNING, "Livelog alerts failed on a batch", e);
    }
  }

  private synchronized List<Alert> check(List<Armed> rules, List<Recorded> events) {
    List<Alert> raised = new ArrayList<>(0);
    long now = nanos.getAsLong();
    for (Recorded recorded : events) {
      for (Armed rule : rules) {
        if (rule.rule().matches(recorded.event())) {
          RuleWindow.Fired fired = rule.window().add(recorded.id(), now);
          if (fired != null) {
            raised.add(alert(rule.rule(), fired));
          }
        }
      }
    }
    return raised;
  }

  private Alert alert(AlertRule rule, RuleWindow.Fired fired) {
    return new Alert(
        rule.name(),
        fired.count(),
        rule.windowSeconds(),
        Long.toString(fired.firstId()),
        Long.toString(fired.lastId()),
        System.currentTimeMillis(),
        node == null ? null : node.name(),
        rule.description());
  }
}
