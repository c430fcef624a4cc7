package io.livelog;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The JAX-RS application: every resource lives under {@code /api}. Its OpenAPI document is served
 * at {@code /openapi}; the full protocol (event format, resume, heartbeats) is src/site/api.md.
 */
@ApplicationPath("api")
@OpenAPIDefinition(
    info =
        @Info(
            title = "Livelog",
            version = "1",
            description =
                "Live application-server logs over Server-Sent Events: the stream, ingest for"
                    + " shippers, history, stats and log levels. Roles: livelog-viewer,"
                    + " livelog-producer, livelog-operator."),
    security = {
      @SecurityRequirement(name = "basic"),
      @SecurityRequirement(name = "bearer"),
      @SecurityRequirement(name = "session")
    })
@SecurityScheme(
    securitySchemeName = "basic",
    type = SecuritySchemeType.HTTP,
    scheme = "basic",
    description = "the admin user or a server-realm user")
@SecurityScheme(
    securitySchemeName = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description = "livelog.ingest.token (producer role)")
@SecurityScheme(
    securitySchemeName = "session",
    type = SecuritySchemeType.APIKEY,
    in = SecuritySchemeIn.COOKIE,
    apiKeyName = "JSESSIONID",
    description = "the page's session after the form login")
public class LivelogApplication extends Application {}
