package io.livelog.sources.control;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the deployment a record was logged in, from the logging thread's context class loader,
 * remembered per class loader (weakly, so an undeployed application's loader can go):
 *
 * <ol>
 *   <li>no loader, the JDK's, or one of Livelog's own loader's ancestors (the server's shared
 *       loaders on Payara): {@value #SERVER};
 *   <li>Livelog's own loader: Livelog's name;
 *   <li>otherwise {@code java:app/AppName}, which Payara and WildFly answer inside an application's
 *       invocation;
 *   <li>otherwise the loader's name when it names a deployment (JBoss Modules: {@code
 *       deployment.orders.war}), without the extension;
 *   <li>otherwise {@value #SERVER}.
 * </ol>
 */
public final class AppNames {

  public static final String SERVER = "server";
  private static final Pattern DEPLOYMENT =
      Pattern.compile("deployment\\.([^\"\\s]+?)(\\.war|\\.ear|\\.jar)?(\"|$|\\s)");

  private final ClassLoader own;
  private final String ownName;
  private final Supplier<String> lookup;
  private final Map<ClassLoader, String> names = Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * @param own Livelog's class loader
   * @param ownName Livelog's application name
   * @param lookup {@code java:app/AppName} on the calling thread, null when it is not there
   */
  public AppNames(ClassLoader own, String ownName, Supplier<String> lookup) {
    this.own = own;
    this.ownName = ownName;
    this.lookup = lookup;
  }

  /** The app of the calling thread. */
  public String current() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      return SERVER;
    }
    String name = names.get(loader);
    if (name == null) {
      name = resolve(loader);
      names.put(loader, name);
    }
    return name;
  }

  private String resolve(ClassLoader loader) {
    if (loader == own) {
      return ownName;
    }
    if (loader == ClassLoader.getSystemClassLoader()
        || loader == ClassLoader.getPlatformClassLoader()) {
      return SERVER;
    }
    for (ClassLoader ancestor = own.getParent();
        ancestor != null;
        ancestor = ancestor.getParent()) {
      if (ancestor == loader) {
        return SERVER;
      }
    }
    String looked = lookupQuietly();
    if (looked != null && !looked.isBlank()) {
      return looked;
    }
    String fromName = deployment(loader.getName());
    if (fromName == null) {
      fromName = deployment(String.valueOf(loader));
    }
    return fromName != null ? fromName : SERVER;
  }

  private String lookupQuietly() {
    try {
      return lookup.get();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** {@code orders} from {@code deployment.orders.war} (or a toString naming it); else null. */
  static String deployment(String text) {
    if (text == null) {
      return null;
    }
    Matcher matcher = DEPLOYMENT.matcher(text);
    return matcher.find() ? matcher.group(1) : null;
  }
}
