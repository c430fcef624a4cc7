package io.livelog.security.control;

import java.util.Set;

/** The roles of the contract, also used as group names by the built-in identity store. */
public final class Roles {

  public static final String VIEWER = "livelog-viewer";
  public static final String PRODUCER = "livelog-producer";
  public static final String OPERATOR = "livelog-operator";

  /** The built-in {@code admin}'s roles: all of them. */
  public static final Set<String> ADMIN = Set.of(VIEWER, PRODUCER, OPERATOR);

  private Roles() {}
}
