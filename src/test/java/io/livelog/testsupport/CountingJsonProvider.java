package io.livelog.testsupport;

import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.parsson.JsonProviderImpl;

/**
 * Parsson's provider, registered first on the test class path (META-INF/services), counting how
 * often {@code JsonProvider.provider()} made one: each {@code Json.create...} call makes a new one,
 * so a count that grows per request shows a lookup on the hot path (issue 16).
 */
public class CountingJsonProvider extends JsonProviderImpl {

  private static final AtomicInteger CREATED = new AtomicInteger();

  public CountingJsonProvider() {
    CREATED.incrementAndGet();
  }

  public static int created() {
    return CREATED.get();
  }
}
