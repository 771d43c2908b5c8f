package io.imagesaga.app;

import io.imagesaga.JournalTags;
import io.imagesaga.audit.LeveldbEventJournal;
import io.imagesaga.fleet.AuditShipping;
import io.imagesaga.fleet.FleetSchema;
import io.imagesaga.fleet.FleetSettings;
import io.imagesaga.fleet.HostJournal;
import io.imagesaga.testkit.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * How fast an agent ships its audit log into PostgreSQL (docs/fleet.md, "Audit"): a node on a
 * filled data dir, and, three times over, a shipper started on an empty fleet database, timed
 * from its start until the database holds the whole log. The database is {@link TestPostgres}'s
 * (the machine's PostgreSQL 15, fsync off), so the figure is the shipper's own cost: reading
 * the tag, JSON, the batched inserts. Run (the data dir is filled on the first run, kept after):
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *   -Dmdep.outputFile=target/test.classpath
 * java -cp target/test-classes:target/classes:$(cat target/test.classpath) \
 *   io.imagesaga.app.ShippingBench --events 200000 --data-dir /tmp/imagesaga-shipping
 * </pre>
 *
 * {@code --batch N} overrides {@code audit-shipping.batch}.
 */
public final class ShippingBench {

  private ShippingBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    int events = Integer.parseInt(options.getOrDefault("--events", "200000"));
    Path dir = Path.of(options.getOrDefault("--data-dir",
        Files.createTempDirectory("imagesaga-shipping").toString()));
    Map<String, Object> config = Map.of("imagesaga.data-dir", dir.toString(),
        "pekko.loglevel", "WARNING");
    if (!Files.isDirectory(dir.resolve("journal"))) {
      ReplayBench.fill(Path.of("conf"), config, events, "ship");
    }
    try (Node node = Node.start(AppConfig.load(Path.of("conf"), config))) {
      long end = LeveldbEventJournal.end(node.system(), JournalTags.AUDIT,
          Duration.ofSeconds(30)).toCompletableFuture().join();
      for (int round = 1; round <= 3; round++) {
        ship(node, end, round, options.get("--batch"));
      }
    }
    System.exit(0);
  }

  private static void ship(Node node, long end, int round, String batch) throws Exception {
    Map<String, Object> fleet = new HashMap<>(Map.of("imagesaga.fleet.host-name", "bench",
        "imagesaga.fleet.jdbc.url", TestPostgres.get().newDatabase("shipping"),
        "imagesaga.fleet.jdbc.user", TestPostgres.USER));
    if (batch != null) {
      fleet.put("imagesaga.fleet.audit-shipping.batch", Integer.parseInt(batch));
    }
    FleetSettings settings = FleetSettings.of(AppConfig.loadFleet(Path.of("conf"), fleet));
    FleetSchema.apply(settings.jdbc());
    // The shipper runs in a system of its own, as in an agent's fleet system.
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "shipping-bench-" + round);
    long start = System.nanoTime();
    AuditShipping shipping = AuditShipping.start(system, settings,
        new HostJournal(node.system(), node.settings().readJournalPluginId()));
    while (shipping.shippedOffset() < end) {
      Thread.sleep(10); // a poll of 10 ms against a figure of seconds
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("round %d: %d events shipped in batches of %d in %.2f s: %.0f events/s%n",
        round, shipping.sent(), settings.shippingBatch(), seconds, shipping.sent() / seconds);
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    return options;
  }
}
