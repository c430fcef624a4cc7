package io.livelog.events.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** This node's name: {@code livelog.node}, else Payara's instance name, else the host name. */
@ApplicationScoped
public class Node {

  @Inject
  @ConfigProperty(name = "livelog.node")
  Optional<String> configured;

  private String name;

  @PostConstruct
  void init() {
    name =
        configured
            .filter(n -> !n.isBlank())
            .or(() -> Optional.ofNullable(System.getProperty("payara.instance.name")))
            .orElseGet(Node::hostName);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "livelog";
    }
  }

  public String name() {
    return name;
  }
}
