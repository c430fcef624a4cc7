package io.livelog;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JAX-RS application: every resource lives under {@code /api}. */
@ApplicationPath("api")
public class LivelogApplication extends Application {}
