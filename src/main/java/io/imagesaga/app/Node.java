package io.imagesaga.app;

import com.typesafe.config.Config;
import io.imagesaga.Entities;
import io.imagesaga.catalog.Catalog;
import io.imagesaga.catalog.CatalogFeed;
import io.imagesaga.checkpoint.Checkpoints;
import io.imagesaga.container.ContainerEntity;
import io.imagesaga.container.ContainerNameEntity;
import io.imagesaga.content.BlobStore;
import io.imagesaga.content.LoadLimits;
import io.imagesaga.content.RegistrySettings;
import io.imagesaga.catalog.NameResolver;
import io.imagesaga.deletion.DeleteSteps;
import io.imagesaga.deletion.DeletionDependencies;
import io.imagesaga.deletion.Deletions;
import io.imagesaga.deletion.PruneEntity;
import io.imagesaga.operation.OperationSteps;
import io.imagesaga.operation.Operations;
import io.imagesaga.image.ImageEntity;
import io.imagesaga.image.ImageStateCodec;
import io.imagesaga.journal.GroupCommit;
import io.imagesaga.journal.JournalPlugin;
import io.imagesaga.layer.LayerEntity;
import io.imagesaga.layer.LayerStateCodec;
import io.imagesaga.metrics.NodeMetrics;
import io.imagesaga.repository.RepositoryEntity;
import io.imagesaga.security.Refusals;
import io.imagesaga.service.ContainerService;
import io.imagesaga.service.ImageLoader;
import io.imagesaga.service.ImagePuller;
import io.imagesaga.service.ImageSaver;
import io.imagesaga.service.ImageService;
import io.imagesaga.service.ImportLeases;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node agent: the actor system, its sharded entities, the catalog filled from the journal,
 * and the services on top. In the embedded mode it is a one-node cluster that joins itself.
 */
public final class Node implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Node.class);

  private final ActorSystem<Void> system;
  private final Settings settings;
  private final ImageService images;
  private final ContainerService containers;
  private final ImageLoader loader;
  private final ImageSaver saver;
  private final ImagePuller puller;
  private final Refusals refusals;
  private final NodeMetrics metrics;

  private Node(ActorSystem<Void> system, Settings settings, ImageService images,
      ContainerService containers, ImageLoader loader, ImageSaver saver, ImagePuller puller,
      Refusals refusals, NodeMetrics metrics) {
    this.metrics = metrics;
    this.refusals = refusals;
    this.puller = puller;
    this.loader = loader;
    this.saver = saver;
    this.system = system;
    this.settings = settings;
    this.images = images;
    this.containers = containers;
  }

  /**
   * Starts the node and returns once the catalog holds everything the journal holds and the
   * deletes and operations a stop interrupted have been finished (or have had
   * {@code imagesaga.start.settle-timeout} to), so that clients are served only then.
   */
  public static Node start(Config config) throws Exception {
    // LevelDB creates its own directory but not the ones above it.
    Files.createDirectories(JournalPlugin.dir(config));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "imagesaga", config);
    try {
      // Loaded with the system; asked again so that a journal it could not replace fails the start.
      GroupCommit.get(system.classicSystem());
      return wire(system, Settings.of(config));
    } catch (Exception | Error e) {
      system.terminate();
      throw e;
    }
  }

  private static Node wire(ActorSystem<Void> system, Settings settings) throws Exception {
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    StartUp startUp = new StartUp(system, settings, new Checkpoints(system,
        settings.readJournalPluginId(), settings.checkpointDir(), blocking,
        List.of(ImageStateCodec.INSTANCE, LayerStateCodec.INSTANCE)));
    ActorRef<Catalog.Command> catalog = startEntities(system, settings, startUp);
    Entities entities = new Entities(system, settings.askTimeout());
    BlobStore blobs = new BlobStore(settings.dataDir(), system.dispatchers().lookup(
        DispatcherSelector.fromConfig("imagesaga.blob-dispatcher")));
    settle(blobs.removeLeftovers(), "staged files and half-written blobs a stop had left");
    // Requests wait on these: a timeout is their 503 (steps keep the plain ones, and retry).
    Entities forClients = entities.forClients();
    NameResolver resolver = new NameResolver(forClients, catalog, system, settings.askTimeout());
    NodeMetrics metrics = new NodeMetrics(system);
    Deletions deletions = Deletions.init(system, DeletionDependencies.of(entities, resolver,
            new DeleteSteps(entities, blobs), Clock.systemUTC(), metrics.sagas()),
        settings.sagaTimeout(), metrics.imageActions());
    Operations operations = Operations.init(system, new OperationSteps(entities, blobs),
        settings.sagaTimeout());
    boolean recovered = startUp.recover(blobs, blocking);
    ImageService images = new ImageService(system, forClients, resolver, deletions, operations,
        catalog, blobs, settings.askTimeout(), metrics);
    if (recovered) {
      settle(ImportLeases.endStale(entities, images.list()), "import leases a stop had left");
    } else {
      // A registration still finishing holds its lease; stale ones expire by themselves.
      log.warn("start: import leases left as they are while interrupted work carries on");
    }
    ContainerService containers = new ContainerService(system, forClients, resolver, operations,
        catalog, settings.askTimeout());
    startUp.keepCheckpoints();
    return new Node(system, settings, images, containers,
        new ImageLoader(images, blobs, blocking, LoadLimits.of(system.settings().config())),
        new ImageSaver(images, forClients, blobs, blocking),
        new ImagePuller(images, blobs, blocking,
            RegistrySettings.of(system.settings().config()), metrics.imageActions()),
        Refusals.start(system, settings.refusalWindow(), settings.refusalClients(),
            settings.askTimeout()), metrics);
  }

  /** The entities, and the catalog filled from the journal, in a joined one-node cluster. */
  private static ActorRef<Catalog.Command> startEntities(
      ActorSystem<Void> system, Settings settings, StartUp startUp) throws Exception {
    ActorRef<Catalog.Command> catalog =
        system.systemActorOf(Catalog.create(), "catalog", Props.empty());
    CatalogFeed feed = Catalog.feed(catalog);
    ImageEntity.init(system, feed, settings.snapshotEvery());
    RepositoryEntity.init(system, settings.snapshotEvery());
    LayerEntity.init(system, settings.snapshotEvery());
    ContainerEntity.init(system, feed, settings.snapshotEvery());
    ContainerNameEntity.init(system, settings.snapshotEvery());
    PruneEntity.init(system, settings.snapshotEvery());
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    startUp.loadCatalog(feed);
    return catalog;
  }

  /**
   * Waits for a recovery step of the start; logs what it had to do. One that cannot end must
   * not keep the node from starting: it goes on in the background, and is reported.
   */
  private static void settle(CompletionStage<Integer> step, String what) throws Exception {
    try {
      int count = step.toCompletableFuture().get(5, TimeUnit.MINUTES);
      if (count > 0) {
        log.info("start: {} {}", count, what);
      }
    } catch (TimeoutException | ExecutionException e) {
      log.warn("start: could not finish all {}; they carry on in the background", what, e);
    }
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public Settings settings() {
    return settings;
  }

  public ImageService images() {
    return images;
  }

  public ImagePuller puller() {
    return puller;
  }

  public ImageSaver saver() {
    return saver;
  }

  public ImageLoader loader() {
    return loader;
  }

  public ContainerService containers() {
    return containers;
  }

  /** Where the API journals the requests it refused (docs/security.md, "Permissions"). */
  public Refusals refusals() {
    return refusals;
  }

  /** The node's own metrics registry and counters (docs/metrics.md). */
  public NodeMetrics metrics() {
    return metrics;
  }

  /**
   * Stops the node and waits until the journal is closed, so another node may open it; the
   * stop saves the checkpoints first ({@code before-actor-system-terminate}, 60 s at most).
   */
  @Override
  public void close() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().orTimeout(
        Duration.ofSeconds(90).toSeconds(), TimeUnit.SECONDS).join();
  }
}
