package io.livelog.security.boundary;

import fish.payara.security.annotations.RealmIdentityStoreDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Makes Payara's own {@code file} realm a second identity store beside the built-in one, so an
 * operator can manage users with {@code create-file-user --groups livelog-viewer ...} (see
 * payara-config/realm-users.asadmin) instead of sharing the admin password. The realm's groups are
 * the roles' names. On servers other than Payara the annotation is unknown and ignored.
 */
@ApplicationScoped
@RealmIdentityStoreDefinition("file")
public class ServerRealm {}
