package io.livelog.security.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The built-in identities: {@code admin} with every role and the password {@code
 * livelog.admin.password}, and the bearer token {@code livelog.ingest.token} with the producer
 * role. The password is kept only as a PBKDF2 hash; when none is configured a strong random one is
 * generated at each start and printed once. The token is kept as a SHA-256 digest and compared in
 * constant time.
 *
 * <p>PBKDF2 costs milliseconds by design. So that HTTP Basic clients do not pay it on every
 * request, a password that verified once is remembered as a salted SHA-256 digest, compared in
 * constant time.
 */
@ApplicationScoped
public class ConfigIdentityStore implements IdentityStore {

  public static final String ADMIN = "admin";
  private static final Logger PRIVATE = Logger.getLogger("io.livelog.private");

  @Inject Pbkdf2PasswordHash hasher;

  @Inject
  @ConfigProperty(name = "livelog.admin.password")
  Optional<String> adminPassword;

  @Inject
  @ConfigProperty(name = "livelog.ingest.token")
  Optional<String> ingestToken;

  @Inject
  @ConfigProperty(name = "livelog.url", defaultValue = "http://localhost:8080/livelog/")
  String url;

  private final byte[] cacheSalt = new byte[32];
  private final Set<String> verified = ConcurrentHashMap.newKeySet();
  private String adminHash;
  private byte[] tokenDigest;
  private boolean generated;

  @PostConstruct
  void init() {
    hasher.initialize(Map.of("Pbkdf2PasswordHash.Iterations", "10000"));
    new SecureRandom().nextBytes(cacheSalt);
    String password = adminPassword.filter(p -> !p.isBlank()).orElse(null);
    if (password == null) {
      byte[] random = new byte[18];
      new SecureRandom().nextBytes(random);
      password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      generated = true;
      PRIVATE.warning(
          "\n\n  Livelog: no admin password is configured, so this start generated one.\n"
              + "  Open "
              + url
              + " and sign in as 'admin' with password: "
              + password
              + "\n  It changes at every start; set a permanent one with the environment variable"
              + " LIVELOG_ADMIN_PASSWORD (or -Dlivelog.admin.password=...).\n");
    }
    adminHash = hasher.generate(password.toCharArray());
    tokenDigest =
        ingestToken.filter(t -> !t.isBlank()).map(ConfigIdentityStore::sha256).orElse(null);
  }

  /** Ensures the bean exists at start, so a generated password is printed at once. */
  public boolean passwordGenerated() {
    return generated;
  }

  @Override
  public CredentialValidationResult validate(Credential credential) {
    if (credential instanceof UsernamePasswordCredential password) {
      return validatePassword(password);
    }
    if (credential instanceof TokenCredential token) {
      return validateToken(token.token());
    }
    return CredentialValidationResult.NOT_VALIDATED_RESULT;
  }

  private CredentialValidationResult validatePassword(UsernamePasswordCredential credential) {
    if (!ADMIN.equals(credential.getCaller())) {
      return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
    String password = credential.getPasswordAsString();
    String cacheKey = Base64.getEncoder().encodeToString(salted(password));
    // Two requests may verify the same new password at once: both are valid, whichever caches it
    // (testing verified.add's answer here once refused the second with a 401).
    if (verified.contains(cacheKey) || hasher.verify(password.toCharArray(), adminHash)) {
      verified.add(cacheKey);
      return new CredentialValidationResult(ADMIN, Roles.ADMIN);
    }
    return CredentialValidationResult.INVALID_RESULT;
  }

  private CredentialValidationResult validateToken(String token) {
    if (tokenDigest == null || token == null) {
      return CredentialValidationResult.INVALID_RESULT;
    }
    if (MessageDigest.isEqual(tokenDigest, sha256(token))) {
      return new CredentialValidationResult("ingest-token", Set.of(Roles.PRODUCER));
    }
    return CredentialValidationResult.INVALID_RESULT;
  }

  private byte[] salted(String password) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(cacheSalt);
      return digest.digest(password.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
