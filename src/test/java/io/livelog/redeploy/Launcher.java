package io.livelog.redeploy;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.logging.Handler;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * One Payara Micro in this JVM, driven line by line from stdin so that a test can undeploy and
 * redeploy Livelog in the same server: {@code java -cp payara-micro.jar:test-classes
 * io.livelog.redeploy.Launcher <payara micro options...>}. Commands: {@code deploy <war>}, {@code
 * undeploy}, {@code facts}, {@code quit}; every answer is one line starting with {@code >}. Payara
 * is reached by reflection (its jar is not on the test compile path).
 */
public final class Launcher {

  static final String APP = "livelog";

  public static void main(String[] args) throws Exception {
    Class<?> launcher = Class.forName("fish.payara.micro.boot.PayaraMicroLauncher");
    Object boot = launcher.getMethod("create", String[].class).invoke(null, (Object) args);
    // create() boots the server, as its command line would
    Object runtime =
        Class.forName("fish.payara.micro.boot.PayaraMicroBoot")
            .getMethod("getRuntime")
            .invoke(boot);
    Class<?> api =
        Class.forName(
            "fish.payara.micro.PayaraMicroRuntime", true, runtime.getClass().getClassLoader());
    answer("booted");
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] command = line.trim().split(" ", 2);
      try {
        switch (command[0]) {
          case "deploy" -> {
            Method deploy = api.getMethod("deploy", String.class, String.class, File.class);
            answer("deployed " + deploy.invoke(runtime, APP, APP, new File(command[1])));
          }
          case "undeploy" -> {
            api.getMethod("undeploy", String.class).invoke(runtime, APP);
            answer("undeployed");
          }
          case "facts" -> answer(facts(runtime, api));
          case "quit" -> {
            answer("bye");
            api.getMethod("shutdown").invoke(runtime);
            System.exit(0);
          }
          default -> answer("unknown " + line);
        }
      } catch (Exception e) {
        answer("failed " + e);
        e.printStackTrace();
      }
    }
    System.exit(0);
  }

  private static void answer(String text) {
    System.out.println("> " + text);
    System.out.flush();
  }

  /**
   * JVM-wide facts, whatever deployment they belong to: Livelog capture handlers on the root
   * logger, Livelog's threads by name, all threads, active non-persistent EJB timers, the deployed
   * applications and the used heap after GC. One line of JSON.
   */
  static String facts(Object runtime, Class<?> api) throws Exception {
    long handlers = 0;
    for (Handler handler : Logger.getLogger("").getHandlers()) {
      if (handler.getClass().getName().equals("io.livelog.sources.control.CaptureHandler")) {
        handlers++;
      }
    }
    String threads =
        Thread.getAllStackTraces().keySet().stream()
            .map(Thread::getName)
            .filter(n -> n.startsWith("livelog-"))
            .sorted()
            .map(n -> '"' + n + '"')
            .collect(Collectors.joining(","));
    int timers = -1;
    try {
      Class<?> timerService =
          Class.forName(
              "com.sun.ejb.containers.EJBTimerService", true, runtime.getClass().getClassLoader());
      Object nonPersistent = timerService.getMethod("getNonPersistentTimerService").invoke(null);
      if (nonPersistent != null) {
        Collection<?> ids =
            (Collection<?>)
                timerService
                    .getMethod("getNonPersistentActiveTimerIdsByThisServer")
                    .invoke(nonPersistent);
        timers = ids.size();
      }
    } catch (ReflectiveOperationException | LinkageError e) {
      timers = -2;
    }
    Collection<?> apps =
        (Collection<?>) api.getMethod("getDeployedApplicationNames").invoke(runtime);
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime jvm = Runtime.getRuntime();
    return "{\"handlers\":"
        + handlers
        + ",\"livelogThreads\":["
        + threads
        + "],\"threads\":"
        + Thread.activeCount()
        + ",\"allThreads\":"
        + Thread.getAllStackTraces().size()
        + ",\"nonHttpThreads\":"
        + Thread.getAllStackTraces().keySet().stream()
            .filter(t -> !t.getName().startsWith("http-thread-pool"))
            .count()
        + ",\"nonHttpThreadNames\":["
        + Thread.getAllStackTraces().keySet().stream()
            .map(Thread::getName)
            .filter(n -> !n.startsWith("http-thread-pool"))
            .sorted()
            .map(n -> '"' + n.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
            .collect(Collectors.joining(","))
        + "]"
        + ",\"timers\":"
        + timers
        + ",\"apps\":"
        + Arrays.toString(apps.stream().map(a -> '"' + a.toString() + '"').toArray())
        + ",\"heapAfterGc\":"
        + (jvm.totalMemory() - jvm.freeMemory())
        + "}";
  }
}
