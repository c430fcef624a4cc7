package io.livelog.testsupport;

/**
 * Which server the Arquillian tests run against: Payara Micro by default, WildFly under {@code
 * -Pwildfly} (which sets {@code livelog.server=wildfly}).
 */
public final class Servers {

  private Servers() {}

  public static boolean wildFly() {
    return "wildfly".equals(System.getProperty("livelog.server"));
  }

  /** Where the WildFly of the tests writes server.log (arquillian-wildfly.xml). */
  public static java.nio.file.Path wildFlyLog() {
    return java.nio.file.Path.of(
        System.getProperty("livelog.basedir", "."), "target", "wildfly-log");
  }
}
