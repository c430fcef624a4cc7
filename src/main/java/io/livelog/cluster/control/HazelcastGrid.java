package io.livelog.cluster.control;

import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * {@link Grid} on Payara's Hazelcast member: a {@link Ringbuffer} of event bodies (one partition,
 * one synchronous backup, the oldest overwritten), the id base in an {@code IMap} entry whose key
 * is the ringbuffer's name (so it lives in the ringbuffer's partition), and a map of node counters
 * whose entries expire. The only class that names Hazelcast; created by {@link GridLookup} through
 * reflection.
 */
final class HazelcastGrid implements Grid {

  static final String LOG = "livelog-events";
  private static final String BASES = "livelog-cluster";
  private static final String NODES = "livelog-nodes";
  private static final String CLAIMS = "livelog-claims";
  private static final long NODE_TTL_SECONDS = 15;
  private static final Logger LOGGER = Logger.getLogger(HazelcastGrid.class.getName());

  private final HazelcastInstance hazelcast;
  private final Ringbuffer<String> ring;
  private final IMap<String, Long> bases;
  private final IMap<String, String> nodes;
  private CompletableFuture<ReadResultSet<String>> pending;
  private long pendingFrom = -1;

  HazelcastGrid(Object instance, Integer capacity) {
    this.hazelcast = (HazelcastInstance) instance;
    try {
      hazelcast
          .getConfig()
          .addRingBufferConfig(
              new RingbufferConfig(LOG)
                  .setCapacity(capacity)
                  .setBackupCount(1)
                  .setAsyncBackupCount(0)
                  .setTimeToLiveSeconds(0));
    } catch (InvalidConfigurationException e) {
      // another node configured it with another size first: the grid keeps the first one
      LOGGER.warning("Livelog: the cluster's event log keeps its first configuration: " + e);
    }
    this.ring = hazelcast.getRingbuffer(LOG);
    this.bases = hazelcast.getMap(BASES);
    this.nodes = hazelcast.getMap(NODES);
  }

  /**
   * Whether this member can ever have peers: a member started with {@code --nocluster} has no way
   * to join any, and Livelog then stays a single node.
   */
  static boolean joins(Object instance) {
    JoinConfig join = ((HazelcastInstance) instance).getConfig().getNetworkConfig().getJoin();
    return join.getTcpIpConfig().isEnabled()
        || join.getMulticastConfig().isEnabled()
        || join.getDiscoveryConfig().isEnabled()
        || join.getKubernetesConfig().isEnabled()
        || ((HazelcastInstance) instance).getCluster().getMembers().size() > 1;
  }

  @Override
  public long base() {
    Long proposed = System.currentTimeMillis() * 1000;
    Long held = bases.putIfAbsent(LOG, proposed);
    return held == null ? proposed : held;
  }

  @Override
  public long head() {
    return ring.headSequence();
  }

  @Override
  public long tail() {
    return ring.tailSequence();
  }

  @Override
  public long append(List<String> bodies, long timeoutMillis) throws Exception {
    // completes after the owner stored them and the synchronous backup confirmed
    return ring.addAllAsync(bodies, OverflowPolicy.OVERWRITE)
        .toCompletableFuture()
        .get(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public Read read(long from, int max, long timeoutMillis) throws InterruptedException {
    if (pending == null || pendingFrom != from) {
      cancelPending();
      pending = ring.readManyAsync(from, 1, max, null).toCompletableFuture();
      pendingFrom = from;
    }
    ReadResultSet<String> result;
    try {
      result = pending.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (ExecutionException e) {
      pending = null;
      if (e.getCause() instanceof IllegalArgumentException wrong) {
        throw wrong;
      }
      throw new IllegalStateException("reading the cluster's event log failed", e.getCause());
    }
    pending = null;
    if (result.size() == 0) {
      return null;
    }
    List<String> bodies = new ArrayList<>(result.size());
    for (int i = 0; i < result.size(); i++) {
      bodies.add(result.get(i));
    }
    return new Read(result.getSequence(0), bodies);
  }

  private void cancelPending() {
    if (pending != null) {
      pending.cancel(true);
      pending = null;
    }
  }

  @Override
  public int members() {
    return hazelcast.getLifecycleService().isRunning()
        ? hazelcast.getCluster().getMembers().size()
        : 0;
  }

  @Override
  public boolean running() {
    return hazelcast.getLifecycleService().isRunning();
  }

  @Override
  public void publish(String node, String json) {
    nodes.setAsync(node, json, NODE_TTL_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public Map<String, String> nodes() {
    return Map.copyOf(nodes);
  }

  @Override
  public boolean claim(String key, long ttlSeconds) {
    IMap<String, String> claims = hazelcast.getMap(CLAIMS);
    String mine = hazelcast.getCluster().getLocalMember().getUuid().toString();
    return claims.putIfAbsent(key, mine, ttlSeconds, TimeUnit.SECONDS) == null;
  }

  @Override
  public void close() {
    cancelPending();
  }
}
