package io.livelog.it;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

/** Added to HardeningIT's WAR only: a resource that fails the way a bug would. */
@Path("test-failure")
@RequestScoped
@RolesAllowed("livelog-viewer")
public class FailureProbe {

  @GET
  public String fail(@QueryParam("secret") String secret) {
    throw new IllegalStateException("failed while holding " + secret);
  }
}
