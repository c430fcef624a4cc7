package io.livelog.store.control;

import io.livelog.events.control.Node;
import io.livelog.events.control.NodeMemory;
import io.livelog.events.control.Threads;
import io.livelog.events.entity.Recorded;
import io.livelog.stats.control.Counters;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The durable store behind history: an H2 file in {@code livelog.store.dir}, or the JNDI {@code
 * DataSource} named by {@code livelog.store.datasource}. Opened at start (the directory is
 * printed), closed on undeploy so a redeploy opens it again. When it cannot be opened (for example
 * another server holds the H2 file) Livelog logs why and runs as without a store.
 */
@ApplicationScoped
public class EventStore {

  private static final Logger LOG = Logger.getLogger(EventStore.class.getName());

  @Inject
  @ConfigProperty(name = "livelog.store.enabled", defaultValue = "true")
  boolean enabled;

  @Inject
  @ConfigProperty(name = "livelog.store.dir")
  Optional<String> dir;

  @Inject
  @ConfigProperty(name = "livelog.store.datasource")
  Optional<String> datasource;

  @Inject
  @ConfigProperty(name = "livelog.store.ack", defaultValue = "commit")
  String ack;

  @Inject
  @ConfigProperty(name = "livelog.store.maxBytes", defaultValue = "1073741824")
  long maxBytes;

  @Inject
  @ConfigProperty(name = "livelog.store.maxAgeHours", defaultValue = "168")
  long maxAgeHours;

  @Inject
  @ConfigProperty(name = "livelog.store.minFreeBytes", defaultValue = "1073741824")
  long minFreeBytes;

  @Inject
  @ConfigProperty(name = "livelog.store.queueBytes", defaultValue = "33554432")
  long queueBytes;

  @Inject
  @ConfigProperty(name = "livelog.store.partitionMinutes", defaultValue = "60")
  long partitionMinutes;

  @Inject
  @ConfigProperty(name = "livelog.store.partitionEvents", defaultValue = "0")
  long partitionEvents;

  @Inject Node node;
  @Inject Counters counters;

  /** The node's budget this store's queue reports to; unit tests leave it null. */
  @Inject NodeMemory memory;

  @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
  ManagedThreadFactory threadFactory;

  private final StoreState state = new StoreState();
  private DataSource dataSource;
  private Connection keeper;
  private Path directory;
  private StoreWriter writer;
  private Thread thread;
  private StoreReader reader;
  private Partitions partitions;
  private boolean closedCleanly;
  private String product = "?";
  private LossSaver lossSaver;

  /** In {@code livelog_meta}: 1 once the writer wrote out its queue at a clean close, else 0. */
  static final String CLEAN_CLOSE = "clean_close";

  @PostConstruct
  void open() {
    if (memory != null) {
      memory.measure(NodeMemory.Part.STORE, this::queuedBytes);
    }
    if (!enabled) {
      return;
    }
    try {
      dataSource = datasource.filter(n -> !n.isBlank()).map(EventStore::lookup).orElse(null);
      if (dataSource == null) {
        directory = StoreDirectory.resolve(dir, node.name(), System::getProperty);
        Files.createDirectories(directory);
        dataSource = H2.dataSource(directory);
      }
      keeper = dataSource.getConnection();
      keeper.setAutoCommit(false);
      product =
          keeper.getMetaData().getDatabaseProductName()
              + " "
              + keeper.getMetaData().getDatabaseProductVersion();
      createSchema();
      state.opened(
          StoreSql.extent(keeper, Long.MAX_VALUE),
          StoreSql.oldest(keeper),
          StoreSql.meta(keeper, Retention.RETAINED_FROM, 0));
      state.losses.restored(
          LostSql.read(keeper, state.retainedFrom, directory == null ? node.name() : null));
      closedCleanly = StoreSql.meta(keeper, CLEAN_CLOSE, 1) == 1;
      StoreSql.setMeta(keeper, CLEAN_CLOSE, 0);
      keeper.commit();
      if (directory == null) {
        // a managed DataSource pools its connections; only the embedded file needs one held open
        keeper.close();
        keeper = null;
      }
    } catch (Exception e) {
      LOG.log(
          Level.SEVERE,
          "Livelog could not open its store ("
              + where()
              + "); history stays in memory only until the next start",
          e);
      closeQuietly();
      dataSource = null;
      return;
    }
    lossSaver = new LossSaver(state.losses, node.name());
    Retention retention =
        new Retention(
            maxBytes,
            TimeUnit.HOURS.toMillis(maxAgeHours),
            state,
            partitions,
            Retention.BUDGET_NANOS,
            directory == null ? Retention.SERVER_CHUNK : Retention.EMBEDDED_CHUNK);
    writer =
        new StoreWriter(
            dataSource,
            state,
            counters,
            queueBytes,
            c -> {
              retention.apply(c, System.currentTimeMillis());
              checkDisk();
              saveLosses(c);
              return retention.behind();
            },
            partitions,
            lossSaver);
    reader = new StoreReader(dataSource, state);
    thread = threadFactory.newThread(writer);
    thread.setName(Threads.PREFIX + "store");
    thread.setDaemon(true);
    thread.start();
    LOG.info(
        "Livelog stores history in "
            + where()
            + " ("
            + state.count
            + " events, newest id "
            + state.newestId
            + ", "
            + product
            + (partitions == null
                ? ""
                : ", partitioned by "
                    + (partitionEvents > 0
                        ? partitionEvents + " ids"
                        : partitionMinutes + " minutes"))
            + ")");
  }

  /**
   * Creates the tables unless they exist. Cluster nodes sharing a DataSource start together, and
   * PostgreSQL's {@code CREATE TABLE IF NOT EXISTS} can fail for the one that loses the race: that
   * one tries again and finds the tables. On PostgreSQL a new store's event table is partitioned
   * ({@link Partitions}); one an earlier version made is not, and keeps range deletes.
   */
  private void createSchema() throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        boolean postgres = PartitionSql.postgres(keeper);
        if (postgres) {
          PartitionSql.createTable(keeper);
        }
        StoreSql.createSchema(keeper);
        keeper.commit();
        if (postgres && PartitionSql.partitioned(keeper)) {
          partitions =
              new Partitions(
                  TimeUnit.MINUTES.toMillis(partitionMinutes),
                  partitionEvents,
                  System::currentTimeMillis,
                  this::partitionIds);
        } else if (postgres) {
          LOG.info(
              "Livelog's event table is not partitioned (an earlier version made it):"
                  + " retention deletes ranges of rows");
        }
        return;
      } catch (SQLException e) {
        keeper.rollback();
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  @PreDestroy
  void close() {
    if (writer != null) {
      StoreWriter stopping = writer;
      writer = null;
      stopping.stop(thread, TimeUnit.SECONDS.toMillis(10));
      if (!thread.isAlive()) {
        markClean();
      }
    }
    closeQuietly();
  }

  /**
   * Saves the lost ranges the table lacks that no commit of the writer saved ({@link LossSaver}),
   * in a transaction of its own: once a second from the writer's housekeeping and at a clean close.
   * What could not be saved is tried again the next time.
   */
  private void saveLosses(Connection c) {
    Losses.Unsaved what = null;
    try {
      what = lossSaver.write(c);
      c.commit();
      lossSaver.committed(what);
    } catch (SQLException | RuntimeException e) {
      lossSaver.failed(what);
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the connection is broken; the next try gets another
      }
      LOG.log(Level.FINE, "Livelog could not save its lost ranges", e);
    }
  }

  private void markClean() {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      saveLosses(c);
      StoreSql.setMeta(c, CLEAN_CLOSE, 1);
      c.commit();
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "Livelog could not mark its store closed", e);
    }
  }

  /**
   * This run's first id. After a crash the ids between the newest stored one and it may have been
   * delivered live but not stored: readers name them as a gap.
   */
  public void startsAt(long firstId) {
    if (active() && !closedCleanly && state.newestId >= 0) {
      state.lost(state.newestId + 1, firstId - 1);
    }
  }

  private void closeQuietly() {
    if (keeper != null) {
      try {
        keeper.close();
      } catch (SQLException e) {
        LOG.log(Level.FINE, "closing the store", e);
      }
      keeper = null;
    }
  }

  private String where() {
    return datasource
        .filter(n -> !n.isBlank())
        .map(n -> "DataSource " + n)
        .orElse("H2 file " + (directory == null ? "?" : directory.resolve(H2.FILE + ".mv.db")));
  }

  private static DataSource lookup(String name) {
    try {
      return (DataSource) new InitialContext().lookup(name);
    } catch (NamingException e) {
      throw new IllegalStateException("no DataSource " + name, e);
    }
  }

  private void checkDisk() {
    if (directory == null) {
      return;
    }
    try {
      state.diskLow = Files.getFileStore(directory).getUsableSpace() < minFreeBytes;
    } catch (Exception e) {
      state.diskLow = false;
    }
  }

  /** True while events are being stored. */
  public boolean active() {
    return writer != null;
  }

  /** True when an ingest answers only once its events are committed. */
  public boolean acknowledgesCommits() {
    return active() && !"memory".equalsIgnoreCase(ack.trim());
  }

  /** False while the disk is below {@code livelog.store.minFreeBytes} or the queue is full. */
  public boolean accepting() {
    return !active() || !state.diskLow && writer.hasRoom();
  }

  /**
   * The most ids one partition should span: 1/16 of {@code livelog.store.maxBytes} at the mean
   * stored row (300 bytes until rows are stored), so retention drops partitions even at high rates.
   */
  private long partitionIds() {
    long count = state.count;
    long perRow = count > 0 ? Math.max(1, state.bytes / count) : 300;
    return Math.max(Partitions.MIN_WIDTH, maxBytes / 16 / perRow);
  }

  /**
   * The newest id an earlier run stored or named lost, for the sequence to continue above (an id
   * used again under a lost range would be skipped by readers though stored).
   */
  public OptionalLong newestId() {
    long newest = Math.max(state.newestId, state.losses.highest());
    return active() && newest >= 0 ? OptionalLong.of(newest) : OptionalLong.empty();
  }

  /**
   * Queues recorded events for the writer; never blocks. The future completes true once they are
   * committed, false when they were not stored (counted).
   */
  public CompletableFuture<Boolean> append(List<Recorded> events) {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    StoreWriter current = writer;
    if (current == null) {
      if (dataSource != null && !events.isEmpty()) {
        state.lost(events.get(0).id(), events.get(events.size() - 1).id());
      }
      done.complete(false);
      return done;
    }
    current.offer(events, done);
    return done;
  }

  /**
   * Queues what a cluster node sharing this DataSource read from the grid; never blocks. Only the
   * events {@code mine} accepts become rows (each node stores what it recorded, see {@link
   * StoreOnce}), inserted unless the row is there already (a node that rejoins reads the grid from
   * its head again); the others only move this node's committed id on.
   */
  public void appendFromGrid(List<Recorded> events, Predicate<Recorded> mine) {
    StoreWriter current = writer;
    if (current == null || events.isEmpty()) {
      return;
    }
    List<Recorded> rows = new ArrayList<>();
    for (Recorded event : events) {
      if (mine.test(event)) {
        rows.add(event);
      }
    }
    current.offer(events, rows, true, new CompletableFuture<>());
  }

  /**
   * On a cluster node sharing its DataSource: waits until this node's writer committed the event
   * with {@code id} (its own ingest, which the grid gave that id and its reader hands on), at most
   * {@code millis}; false when it was not stored or not within the time.
   */
  public boolean awaitStored(long id, long millis) {
    try {
      return active() && state.awaitStored(id, millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * On a cluster node sharing its DataSource: waits until the store holds a row for every id from
   * {@code firstId} to {@code lastId}, whichever node stored it (events that name another live node
   * in {@code node} are stored by that node, see {@link StoreOnce}), asking the database every 20
   * ms for at most {@code millis}; false when they were not all there in time.
   */
  public boolean awaitRows(long firstId, long lastId, long millis) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (active()) {
      try (Connection c = dataSource.getConnection()) {
        if (StoreSql.countBetween(c, firstId, lastId) >= lastId - firstId + 1) {
          return true;
        }
      } catch (SQLException e) {
        LOG.log(Level.FINE, "Livelog could not count stored rows", e);
      }
      if (System.nanoTime() - end >= 0) {
        return false;
      }
      try {
        Thread.sleep(StoreWriter.POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  /** True when the store is a DataSource that cluster nodes may share (not the embedded file). */
  public boolean shared() {
    return dataSource != null && directory == null;
  }

  /** Reads from the store; null when it is not active. */
  public StoreReader reader() {
    return active() ? reader : null;
  }

  public long bytes() {
    return state.bytes;
  }

  public long count() {
    return state.count;
  }

  public OptionalLong oldestId() {
    return state.oldestId < 0 ? OptionalLong.empty() : OptionalLong.of(state.oldestId);
  }

  public OptionalLong oldestTs() {
    return state.oldestTs < 0 ? OptionalLong.empty() : OptionalLong.of(state.oldestTs);
  }

  public long lagMillis() {
    return state.lagMillis;
  }

  public long commitMillis() {
    return state.commitMillis;
  }

  public long maxCommitMillis() {
    return state.maxCommitMillis;
  }

  public long queuedBytes() {
    return writer == null ? 0 : writer.queuedBytes();
  }

  public boolean diskLow() {
    return state.diskLow;
  }
}
