package io.livelog.problem.boundary;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An unexpected failure gets an incident id: the server log keeps the exception under it, the
 * client gets only the id (never the exception's text or a stack trace).
 */
public final class Incidents {

  private static final Logger LOG = Logger.getLogger(Incidents.class.getName());

  private Incidents() {}

  /** Logs the failure under a new incident id and returns the id. */
  public static String log(String where, Throwable failure) {
    String id = UUID.randomUUID().toString();
    LOG.log(
        Level.SEVERE,
        "Incident "
            + id
            + " at "
            + where
            + ": "
            + (failure == null ? "error" : failure.getClass().getName()),
        failure);
    return id;
  }
}
