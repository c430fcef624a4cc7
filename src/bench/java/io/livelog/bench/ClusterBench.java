package io.livelog.bench;

import io.livelog.testsupport.Api;
import io.livelog.testsupport.ClusterNodes;
import io.livelog.testsupport.SseClient;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The cluster's cost (issue 12): a plain single node ({@code --nohazelcast}), then 1, 2 and 3 grid
 * nodes on loopback; events are published on node A at a fixed rate, {@code bench.cluster.perNode}
 * subscribers on every node; reports p50/p99 from the producer's stamp to arrival, the p99 added
 * over the single node, and deliveries/s per node. Writes {@code target/bench/cluster.md}. Sizes:
 * {@code -Dbench.cluster.nodes=1,2,3 -Dbench.cluster.rate=200 -Dbench.cluster.seconds=20
 * -Dbench.cluster.perNode=4}.
 */
class ClusterBench {

  @Test
  void addedLatencyAndDeliveriesPerNode() throws Exception {
    int rate = Integer.getInteger("bench.cluster.rate", 200);
    int seconds = Integer.getInteger("bench.cluster.seconds", 20);
    int perNode = Integer.getInteger("bench.cluster.perNode", 4);
    StringBuilder report =
        new StringBuilder("# Cluster cost\n\n")
            .append(Bench.machine())
            .append("; ")
            .append(rate)
            .append(" events/s on node A for ")
            .append(seconds)
            .append(" s, ")
            .append(perNode)
            .append(" subscribers per node\n\n")
            .append("| nodes | p50 ms | p99 ms | p99 added ms | deliveries/s per node |\n")
            .append("|---|---|---|---|---|\n");
    double single = -1;
    List<Integer> sizes = new ArrayList<>(List.of(0));
    sizes.addAll(Bench.ints("bench.cluster.nodes", "1,2,3"));
    for (int size : sizes) {
      ClusterNodes cluster = size == 0 ? new ClusterNodes(1, false) : new ClusterNodes(size);
      Bench.progress("starting " + (size == 0 ? "a single node without grid" : size + " nodes"));
      cluster.beforeAll(null);
      try {
        Row row = run(cluster, rate, seconds, perNode);
        if (size == 0) {
          single = row.p99;
        }
        report
            .append("| ")
            .append(size == 0 ? "1 (no grid)" : size)
            .append(" | ")
            .append(row.p50)
            .append(" | ")
            .append(row.p99)
            .append(" | ")
            .append(size == 0 ? "-" : String.format("%.1f", row.p99 - single))
            .append(" | ")
            .append(row.perNode)
            .append(" |\n");
        Bench.progress(report.substring(report.lastIndexOf("| ", report.length() - 3)));
      } finally {
        cluster.afterAll(null);
      }
    }
    Files.createDirectories(Bench.out());
    Files.writeString(Bench.out().resolve("cluster.md"), report);
    Bench.progress("\n" + report);
  }

  private record Row(double p50, double p99, String perNode) {}

  private Row run(ClusterNodes cluster, int rate, int seconds, int perNode) throws Exception {
    String logger = "bench.cluster." + System.nanoTime();
    List<SseClient> subscribers = new ArrayList<>();
    for (ClusterNodes.Node node : cluster.nodes()) {
      for (int i = 0; i < perNode; i++) {
        subscribers.add(SseClient.open(node.api(), "?logger=" + logger));
      }
    }
    try {
      for (SseClient subscriber : subscribers) {
        subscriber.awaitEvent("message", java.time.Duration.ofSeconds(60));
      }
      List<Long> outBefore = new ArrayList<>();
      for (ClusterNodes.Node node : cluster.nodes()) {
        outBefore.add(node.api().stats().getJsonNumber("eventsOut").longValue());
      }
      Api a = cluster.node(0).api();
      int total = rate * seconds;
      long start = System.nanoTime();
      for (int i = 0; i < total; i++) {
        long due = start + TimeUnit.SECONDS.toNanos(i) / rate;
        while (System.nanoTime() < due) {
          Thread.onSpinWait();
        }
        a.ingest(
            "{\"message\":\"b"
                + i
                + "\",\"logger\":\""
                + logger
                + "\",\"ts\":"
                + System.currentTimeMillis()
                + "}");
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      Bench.await(60, () -> subscribers.stream().allMatch(s -> s.logs().size() >= total));
      Histogram latency = new Histogram(60_000, 3);
      for (SseClient subscriber : subscribers) {
        for (SseClient.Received r : subscriber.logs()) {
          latency.recordValue(
              Math.max(
                  0,
                  Math.min(60_000, r.arrivedMillis() - r.event().getJsonNumber("ts").longValue())));
        }
      }
      StringBuilder perNodeRates = new StringBuilder();
      for (int n = 0; n < cluster.nodes().size(); n++) {
        long out =
            cluster.node(n).api().stats().getJsonNumber("eventsOut").longValue() - outBefore.get(n);
        perNodeRates.append(n == 0 ? "" : ", ").append(Math.round(out / elapsed));
      }
      return new Row(
          latency.getValueAtPercentile(50),
          latency.getValueAtPercentile(99),
          perNodeRates.toString());
    } finally {
      subscribers.forEach(SseClient::close);
    }
  }
}
