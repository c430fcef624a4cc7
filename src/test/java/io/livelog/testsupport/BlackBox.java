package io.livelog.testsupport;

import java.net.URL;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The preamble every black-box Arquillian test shares: Arquillian's JUnit 5 extension, the test on
 * the client side, the deployment's URL and an {@link Api} client for it (made before each test). A
 * subclass declares only its {@code @Deployment(testable = false)} (usually {@link
 * Deployments#livelog}, with its settings) and, when it needs one, its container. The programs a
 * test needs from outside are checked where they start ({@link Tools#require}).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class BlackBox {

  /**
   * The deployment's base URL as Arquillian gives it (the host's address; {@link Api} uses
   * 127.0.0.1).
   */
  @ArquillianResource protected URL url;

  /** A client of the deployment, signed in as nobody until a call says who. */
  protected Api api;

  @BeforeEach
  void connectApi() {
    api = new Api(url);
  }
}
