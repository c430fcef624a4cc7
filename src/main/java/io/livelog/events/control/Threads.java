package io.livelog.events.control;

/**
 * How Livelog's own threads are named. The relay, the store writer, the stream's writers and the
 * cluster loops all carry {@link #PREFIX}, so the server capture can skip what they log and a test
 * can list them; it lives here, not on one of those classes, so none of them depends on another for
 * a name.
 */
public final class Threads {

  /** Every thread Livelog starts carries this prefix; the server capture skips them. */
  public static final String PREFIX = "livelog-";

  private Threads() {}
}
