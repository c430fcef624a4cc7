package io.livelog.sources.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AppNamesTest {

  final ClassLoader livelog =
      new URLClassLoader("livelog", new URL[0], getClass().getClassLoader());
  final ClassLoader previous = Thread.currentThread().getContextClassLoader();
  final AtomicInteger lookups = new AtomicInteger();

  @AfterEach
  void restore() {
    Thread.currentThread().setContextClassLoader(previous);
  }

  String appOf(ClassLoader loader, AppNames names) {
    Thread.currentThread().setContextClassLoader(loader);
    return names.current();
  }

  AppNames names(String lookedUp) {
    return new AppNames(
        livelog,
        "livelog",
        () -> {
          lookups.incrementAndGet();
          return lookedUp;
        });
  }

  @Test
  void theServersLoadersAreTheServerLivelogsIsLivelog() {
    AppNames names = names("never");
    assertThat(appOf(null, names)).isEqualTo("server");
    assertThat(appOf(ClassLoader.getSystemClassLoader(), names)).isEqualTo("server");
    assertThat(appOf(livelog.getParent(), names)).isEqualTo("server");
    assertThat(appOf(livelog, names)).isEqualTo("livelog");
    assertThat(lookups).hasValue(0);
  }

  @Test
  void anotherAppIsNamedByJndiOncePerLoader() {
    AppNames names = names("orders");
    ClassLoader orders = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader());
    assertThat(appOf(orders, names)).isEqualTo("orders");
    assertThat(appOf(orders, names)).isEqualTo("orders");
    assertThat(lookups).hasValue(1);
  }

  @Test
  void withoutJndiAJBossModulesDeploymentIsNamedByItsLoadersNameElseTheServer() {
    AppNames names = names(null);
    ClassLoader module =
        new URLClassLoader(
            "deployment.orders.war", new URL[0], ClassLoader.getPlatformClassLoader());
    ClassLoader serverModule =
        new URLClassLoader("org.jboss.as.ee", new URL[0], ClassLoader.getPlatformClassLoader());
    assertThat(appOf(module, names)).isEqualTo("orders");
    assertThat(appOf(serverModule, names)).isEqualTo("server");
    assertThat(AppNames.deployment("ModuleClassLoader for Module \"deployment.shop.ear\" from x"))
        .isEqualTo("shop");
  }
}
