package io.livelog.security.control;

import java.util.Set;

/** The two roles of the contract, also used as group names by the built-in identity store. */
public final class Roles {

  public static final String VIEWER = "livelog-viewer";
  public static final String PRODUCER = "livelog-producer";
  public static final Set<String> BOTH = Set.of(VIEWER, PRODUCER);

  private Roles() {}
}
