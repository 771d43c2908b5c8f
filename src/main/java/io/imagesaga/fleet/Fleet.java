package io.imagesaga.fleet;

import com.typesafe.config.Config;
import io.imagesaga.Rejection;
import io.imagesaga.service.ImageService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This agent's part in a fleet (docs/fleet.md): a second actor system that joins the other
 * agents' as one Pekko Cluster, with this host's {@link HostAgent} and the fleet's own sharded
 * entities, journaled to the shared PostgreSQL. The host's own system is not touched: if the
 * fleet is away, the host serves Docker as before. The agent joins only once it has applied
 * the fleet's schema; while PostgreSQL is not reachable it tries again in the background and
 * its fleet is {@link #unavailable}.
 */
public final class Fleet implements AutoCloseable {
  public static final String SYSTEM_NAME = "imagesaga-fleet";
  private static final Logger log = LoggerFactory.getLogger(Fleet.class);
  /** How long {@link #close} waits for the system to stop once it has left. */
  private static final Duration TERMINATE_WITHIN = Duration.ofSeconds(20);

  private final ActorSystem<Void> system;
  private final FleetSettings settings;
  private final FleetDirectory directory;
  private final FleetProtection protection;
  private final FleetDeletes deletes;
  private final AtomicBoolean registered = new AtomicBoolean();
  private final AuditShipping auditShipping = new AuditShipping();
  /** Why the fleet cannot be asked anything yet; null once the schema is applied. */
  private final AtomicReference<String> unavailable;

  private Fleet(ActorSystem<Void> system, FleetSettings settings, ImageService images) {
    this.system = system;
    this.settings = settings;
    this.unavailable = new AtomicReference<>(
        "the fleet's PostgreSQL at " + settings.jdbc().where() + " has not answered yet");
    ActorRef<HostAgent.Command> agent = system.systemActorOf(
        HostAgent.create(settings.hostName(), images), HostAgent.actorName(settings.hostName()),
        Props.empty());
    this.directory = new FleetDirectory(system, settings.hostTimeout(), agent);
    this.protection = new FleetProtection(system, settings.hostTimeout());
    ProtectedList.init(system);
    this.deletes = FleetDeletes.init(system, new FleetDeleteDependencies(directory,
        protection::patterns, settings, Clock.systemUTC()));
  }

  /**
   * Starts the fleet system; in the background, applies the fleet's schema (creating its tables
   * if missing), retrying while PostgreSQL is not reachable, then starts shipping the audit log
   * of {@code journal} (the host's) and asks to join the seed nodes. Returns at once, without
   * waiting for PostgreSQL or the join ({@link #ready} tells); fails only on a configuration
   * error.
   */
  public static Fleet start(Config config, ImageService images, HostJournal journal) {
    FleetSettings settings = FleetSettings.of(config);
    if (settings.hostName().isBlank()) {
      throw new IllegalArgumentException("a fleet agent needs IMAGESAGA_HOST_NAME, the name of"
          + " the host it owns");
    }
    List<Address> seeds = addresses(settings.seedNodes());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, config);
    Fleet fleet = new Fleet(system, settings, images);
    HostRegistry.init(system);
    system.systemActorOf(SchemaApplier.create(settings, fleet::databaseAway,
        () -> fleet.join(seeds, journal)), "schema-applier", Props.empty());
    return fleet;
  }

  private void databaseAway(String reason) {
    unavailable.set("the fleet's PostgreSQL at " + settings.jdbc().where()
        + " is not reachable: " + reason);
  }

  /**
   * The schema is applied: ships the host's audit log and joins the seed nodes, unless the
   * agent is closing already (its shutdown would not stop a shipper started now).
   */
  private void join(List<Address> seeds, HostJournal journal) {
    if (CoordinatedShutdown.get(system).getShutdownReason().isPresent()) {
      return;
    }
    unavailable.set(null);
    auditShipping.ship(system, settings, journal);
    Cluster.get(system).manager().tell(new JoinSeedNodes(seeds));
    org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system))
        .registerOnMemberUp(this::register);
    log.info("fleet: host {} joining {}", settings.hostName(), settings.seedNodes());
  }

  private static List<Address> addresses(List<String> seeds) {
    return seeds.stream().map(seed -> {
      int colon = seed.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("seed node " + seed + " is not host:port");
      }
      return new Address("pekko", SYSTEM_NAME, seed.substring(0, colon),
          Integer.parseInt(seed.substring(colon + 1)));
    }).toList();
  }

  /** Tells the registry this host exists, until it confirms. */
  private void register() {
    HostRegistry.ref(system).<Done>ask(
            replyTo -> new HostRegistry.Join(settings.hostName(), replyTo),
            settings.hostTimeout())
        .whenComplete((done, failure) -> {
          if (failure == null) {
            registered.set(true);
            log.info("fleet: host {} is up in the fleet", settings.hostName());
          } else if (!system.whenTerminated().isCompleted()) {
            log.warn("fleet: the host registry did not answer ({}); asking again", failure
                .toString());
            CompletableFuture.delayedExecutor(settings.retryEvery().toMillis(),
                TimeUnit.MILLISECONDS).execute(this::register);
          }
        });
  }

  /**
   * Why the fleet cannot be asked anything now, if so: PostgreSQL has not been reachable since
   * the agent started, so it has not joined. Once it has, the fleet's own asks tell.
   */
  public Optional<Rejection> unavailable() {
    return Optional.ofNullable(unavailable.get()).map(Rejection.Unavailable::new);
  }

  /** Joined (a member that is up) and known to the registry. */
  public boolean ready() {
    return registered.get()
        && Cluster.get(system).selfMember().status() == MemberStatus.up();
  }

  public String hostName() {
    return settings.hostName();
  }

  public FleetSettings settings() {
    return settings;
  }

  /** How far the host's audit log is shipped into PostgreSQL. */
  public AuditShipping auditShipping() {
    return auditShipping;
  }

  public FleetDirectory directory() {
    return directory;
  }

  public FleetProtection protection() {
    return protection;
  }

  public FleetDeletes deletes() {
    return deletes;
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /**
   * Leaves the cluster (coordinated shutdown hands the shards over) and stops; returns once it
   * has left and, unless that takes longer than {@link #TERMINATE_WITHIN}, stopped. Artery in
   * Pekko 1.7 waits without a deadline for each of its streams to end, and a TLS connection
   * ends only when its peer closes it: a system that left may stay up until the other agents
   * close theirs (docs/security.md, "Cluster transport").
   */
  @Override
  public void close() {
    CompletableFuture<Done> left = new CompletableFuture<>();
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    if (shutdown.getShutdownReason().isPresent()) {
      left.complete(Done.getInstance());
    } else {
      shutdown.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "fleet-left",
          () -> {
            left.complete(Done.getInstance());
            return CompletableFuture.completedFuture(Done.getInstance());
          });
    }
    system.terminate();
    left.orTimeout(60, TimeUnit.SECONDS).join();
    try {
      system.getWhenTerminated().toCompletableFuture()
          .get(TERMINATE_WITHIN.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      log.warn("fleet: host {} left the fleet, but its actor system has not stopped within {}:"
          + " a remoting connection waits for its peer to close it", settings.hostName(),
          TERMINATE_WITHIN);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the fleet system failed to stop", e.getCause());
    }
  }
}
