package io.livelog.cluster.control;

import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Finds Payara's data grid under its documented JNDI name {@code payara/Hazelcast} without ever
 * needing Hazelcast: on WildFly, or on Payara Micro with {@code --nohazelcast}, the name is not
 * bound or Hazelcast's classes are not visible, and Livelog stays a single node. {@link
 * HazelcastGrid} is loaded by reflection, only after the lookup found a member.
 */
public final class GridLookup {

  static final String JNDI_NAME = "payara/Hazelcast";
  private static final String INSTANCE_TYPE = "com.hazelcast.core.HazelcastInstance";
  private static final Logger LOG = Logger.getLogger(GridLookup.class.getName());

  private GridLookup() {}

  /** The grid, when this server runs a member that can have peers. */
  public static Optional<Grid> find(int capacity) {
    Object instance;
    try {
      instance = new InitialContext().lookup(JNDI_NAME);
    } catch (NamingException | RuntimeException e) {
      return Optional.empty();
    }
    ClassLoader loader = GridLookup.class.getClassLoader();
    try {
      Class<?> type = Class.forName(INSTANCE_TYPE, false, loader);
      if (!type.isInstance(instance)) {
        return Optional.empty();
      }
      Class<?> grid = Class.forName(GridLookup.class.getPackageName() + ".HazelcastGrid");
      boolean joins =
          (Boolean) grid.getDeclaredMethod("joins", Object.class).invoke(null, instance);
      if (!joins) {
        return Optional.empty();
      }
      var constructor = grid.getDeclaredConstructor(Object.class, Integer.class);
      constructor.setAccessible(true);
      return Optional.of((Grid) constructor.newInstance(instance, capacity));
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.empty();
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(Level.WARNING, "Livelog: the data grid is there but cannot be used", e);
      return Optional.empty();
    }
  }
}
