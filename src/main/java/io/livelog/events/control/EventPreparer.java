package io.livelog.events.control;

import io.livelog.events.entity.LogEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes an event ready for the relay on the producer's own thread, where the work scales with the
 * producers: defaults filled in, {@code message} and {@code thrown} cut to {@code
 * livelog.event.maxChars} (marked {@code "truncated":true}), and the JSON written once.
 */
@ApplicationScoped
public class EventPreparer {

  @Inject
  @ConfigProperty(name = "livelog.event.maxChars", defaultValue = "65536")
  int maxChars;

  @Inject Node node;

  /**
   * The prepared event, or empty when it cannot be serialized (a getter that throws, a {@code NaN}
   * in {@code fields}, a map changed while it is read): the caller counts it, nothing else is
   * affected.
   */
  public Optional<PreparedEvent> prepare(LogEvent event) {
    try {
      LogEvent ready = cut(event.normalized(node.name()).withId((String) null));
      return Optional.of(new PreparedEvent(ready, EventJson.toJson(ready)));
    } catch (VirtualMachineError e) {
      if (e instanceof StackOverflowError) {
        return Optional.empty();
      }
      throw e;
    } catch (Throwable e) {
      return Optional.empty();
    }
  }

  LogEvent cut(LogEvent event) {
    boolean longMessage = event.message().length() > maxChars;
    boolean longThrown = event.thrown() != null && event.thrown().length() > maxChars;
    if (!longMessage && !longThrown) {
      return event;
    }
    return event.cut(
        longMessage ? clip(event.message()) : event.message(),
        longThrown ? clip(event.thrown()) : event.thrown());
  }

  /** The first maxChars characters, never splitting a surrogate pair. */
  private String clip(String text) {
    int end = maxChars;
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end);
  }
}
