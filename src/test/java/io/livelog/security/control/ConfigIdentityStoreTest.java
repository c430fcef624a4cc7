package io.livelog.security.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.CredentialValidationResult.Status;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConfigIdentityStoreTest {

  /** Compares in clear; verify waits until two callers are inside it at once. */
  static final class TwoAtOnceHash implements Pbkdf2PasswordHash {
    final CountDownLatch inside = new CountDownLatch(2);

    @Override
    public void initialize(Map<String, String> parameters) {}

    @Override
    public String generate(char[] password) {
      return new String(password);
    }

    @Override
    public boolean verify(char[] password, String hashed) {
      inside.countDown();
      try {
        inside.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new String(password).equals(hashed);
    }
  }

  private static ConfigIdentityStore store(Pbkdf2PasswordHash hash) {
    ConfigIdentityStore cut = new ConfigIdentityStore();
    cut.hasher = hash;
    cut.adminPassword = Optional.of("right");
    cut.ingestToken = Optional.of("token");
    cut.url = "http://localhost/livelog/";
    cut.init();
    return cut;
  }

  @Test
  void twoFirstRequestsWithTheRightPasswordAtOnceAreBothValid() {
    ConfigIdentityStore cut = store(new TwoAtOnceHash());
    List<CompletableFuture<CredentialValidationResult>> both =
        List.of(
            CompletableFuture.supplyAsync(
                () -> cut.validate(new UsernamePasswordCredential("admin", "right"))),
            CompletableFuture.supplyAsync(
                () -> cut.validate(new UsernamePasswordCredential("admin", "right"))));
    for (CompletableFuture<CredentialValidationResult> result : both) {
      assertThat(result.join().getStatus()).isEqualTo(Status.VALID);
      assertThat(result.join().getCallerGroups()).isEqualTo(Roles.ADMIN);
    }
  }

  @Test
  void aWrongPasswordStaysInvalidAfterTheRightOneWasCached() {
    ConfigIdentityStore cut = store(new TwoAtOnceHash());
    CompletableFuture.runAsync(
        () -> cut.validate(new UsernamePasswordCredential("admin", "right")));
    assertThat(cut.validate(new UsernamePasswordCredential("admin", "right")).getStatus())
        .isEqualTo(Status.VALID);
    assertThat(cut.validate(new UsernamePasswordCredential("admin", "wrong")).getStatus())
        .isEqualTo(Status.INVALID);
    assertThat(cut.validate(new UsernamePasswordCredential("other", "right")).getStatus())
        .isEqualTo(Status.NOT_VALIDATED);
  }
}
