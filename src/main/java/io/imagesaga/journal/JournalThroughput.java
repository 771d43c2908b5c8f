package io.imagesaga.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Durable event writes per second through the node's journal plugin (the one
 * {@code pekko.persistence.journal.plugin} names), with that plugin's {@code fsync} on and off
 * in the same run: two actor systems side by side, each on a journal in a throw-away directory
 * that is deleted afterwards, measured in turn for each number of writers. A writer persists an
 * event and, once it is acknowledged, the next ({@link ThroughputWriter}).
 */
public final class JournalThroughput {
  private JournalThroughput() {}

  /**
   * What to measure.
   *
   * @param writers the numbers of persistent actors writing at once, one figure each
   * @param warmUp how long writers write before they are counted
   * @param window how long they are counted
   */
  public record Plan(List<Integer> writers, Duration warmUp, Duration window) {}

  /**
   * @param pluginId the journal plugin measured
   * @param journalClass the class of the journal actor that ran under it
   * @param rows one per number of writers
   */
  public record Figures(String pluginId, String journalClass, List<Row> rows) {}

  /**
   * @param writers persistent actors writing at once
   * @param fsyncOn events acknowledged per second with fsync on
   * @param fsyncOff the same with fsync off
   * @param eventsPerWrite events per LevelDB write with fsync on (0 if not measured: the
   *     journal was not the group-commit one)
   */
  public record Row(int writers, double fsyncOn, double fsyncOff, double eventsPerWrite) {
    public double ratio() {
      return fsyncOff == 0 ? 0 : fsyncOn / fsyncOff;
    }
  }

  /**
   * Measures the journal {@code nodeConfig} configures (a node's configuration, as
   * {@code AppConfig} loads it); {@code overrides} win over it (say, group commit off).
   */
  public static Figures measure(Config nodeConfig, Map<String, ?> overrides, Plan plan)
      throws IOException, InterruptedException {
    Config config = ConfigFactory.parseMap(overrides).withFallback(nodeConfig).resolve();
    String pluginId = JournalPlugin.id(config);
    Path scratch = Files.createTempDirectory("imagesaga-journal-bench");
    ActorSystem<Void> on = null;
    ActorSystem<Void> off = null;
    try {
      on = system(config, pluginId, scratch.resolve("fsync-on"), true);
      off = system(config, pluginId, scratch.resolve("fsync-off"), false);
      List<Row> rows = new ArrayList<>();
      for (int writers : plan.writers()) {
        JournalMetrics metrics = JournalMetrics.get(on);
        long writes = metrics.writes();
        long events = metrics.events();
        double fsyncOn = eventsPerSecond(on, writers, "on-" + writers, plan);
        double perWrite = metrics.writes() == writes ? 0
            : (double) (metrics.events() - events) / (metrics.writes() - writes);
        rows.add(new Row(writers, fsyncOn, eventsPerSecond(off, writers, "off-" + writers, plan),
            perWrite));
      }
      GroupCommit.InPlace inPlace = GroupCommit.get(on.classicSystem());
      return new Figures(pluginId, inPlace.grouping() ? inPlace.journalClass()
          : config.getString(pluginId + ".class"), rows);
    } finally {
      stop(on);
      stop(off);
      delete(scratch);
    }
  }

  private static ActorSystem<Void> system(Config config, String pluginId, Path dir,
      boolean fsync) throws IOException {
    Files.createDirectories(dir);
    Config local = ConfigFactory.parseMap(Map.of(
        "pekko.actor.provider", "local",
        "pekko.loglevel", "WARNING",
        pluginId + ".dir", dir.resolve("journal").toString(),
        pluginId + ".fsync", fsync,
        "pekko.persistence.snapshot-store.local.dir", dir.resolve("snapshots").toString()))
        .withFallback(config);
    return ActorSystem.create(Behaviors.empty(), "journal-bench-" + (fsync ? "on" : "off"),
        local);
  }

  /** Starts {@code writers} writers, counts their acknowledged events in the window, stops them. */
  private static double eventsPerSecond(ActorSystem<Void> system, int writers, String name,
      Plan plan) throws InterruptedException {
    LongAdder written = new LongAdder();
    CountDownLatch stopped = new CountDownLatch(writers);
    AtomicBoolean writing = new AtomicBoolean(true);
    for (int w = 0; w < writers; w++) {
      system.systemActorOf(ThroughputWriter.create(name + "-" + w, writing::get, written,
          stopped), "writer-" + name + "-" + w, Props.empty()).tell(new ThroughputWriter.Next());
    }
    TimeUnit.NANOSECONDS.sleep(plan.warmUp().toNanos());
    long fromCount = written.sum();
    long from = System.nanoTime();
    TimeUnit.NANOSECONDS.sleep(plan.window().toNanos());
    long count = written.sum() - fromCount;
    double seconds = (System.nanoTime() - from) / 1e9;
    writing.set(false);
    if (!stopped.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("writers still writing a minute after being told to stop");
    }
    return count / seconds;
  }

  private static void stop(ActorSystem<Void> system) {
    if (system != null) {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
