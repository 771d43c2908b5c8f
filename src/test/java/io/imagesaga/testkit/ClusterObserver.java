package io.imagesaga.testkit;

import io.imagesaga.app.AppConfig;
import io.imagesaga.fleet.Fleet;
import io.imagesaga.fleet.FleetTransport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * A member of the fleet's cluster in the test's JVM that runs no agent (role
 * {@code observer}: it hosts no shard) and records every membership change it sees, so a test
 * can tell an agent that left (removed after {@code Exiting}) from one that was downed.
 */
public final class ClusterObserver implements AutoCloseable {
  private final ActorSystem<Void> system;
  private final TestProbe<ClusterEvent.MemberEvent> members;
  private final List<ClusterEvent.MemberEvent> seen = new ArrayList<>();

  private ClusterObserver(ActorSystem<Void> system) {
    this.system = system;
    this.members = TestProbe.create(system);
    Cluster.get(system).subscriptions().tell(
        Subscribe.create(members.ref(), ClusterEvent.MemberEvent.class));
  }

  /**
   * Joins the agents at {@code seedNodes} ({@code host:port,…}) with the fleet's configuration
   * and {@code settings} (its certificate: {@link FleetCertificates.Files#config}); returns
   * without waiting.
   */
  public static ClusterObserver join(String seedNodes, Map<String, ?> settings)
      throws IOException {
    Map<String, Object> config = new HashMap<>(Map.of(
        "pekko.remote.artery.canonical.port", Ports.free(),
        "pekko.cluster.roles", List.of("observer"),
        "pekko.loglevel", "WARNING"));
    config.putAll(settings);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), Fleet.SYSTEM_NAME,
        FleetTransport.configure(AppConfig.loadFleet(Path.of("conf"), config)));
    ClusterObserver observer = new ClusterObserver(system);
    Cluster.get(system).manager().tell(new JoinSeedNodes(Arrays.stream(seedNodes.split(","))
        .map(seed -> address(Integer.parseInt(seed.substring(seed.lastIndexOf(':') + 1))))
        .toList()));
    return observer;
  }

  /** This observer's own address. */
  public Address selfAddress() {
    return Cluster.get(system).selfMember().address();
  }

  /** Whether this observer is a member that is up. */
  public boolean isUp() {
    return Cluster.get(system).selfMember().status().equals(MemberStatus.up());
  }

  /** The fleet system's address on loopback {@code port}, as the agents' conf names it. */
  public static Address address(int port) {
    return new Address("pekko", Fleet.SYSTEM_NAME, "127.0.0.1", port);
  }

  /** Waits until the member at {@code address} is up, as this observer sees it. */
  public void awaitUp(Address address, Duration within) {
    awaitEvent(address, within, ClusterEvent.MemberUp.class);
  }

  /**
   * Waits until the member at {@code address} is removed; every change of it seen meanwhile,
   * the removal last.
   */
  public List<ClusterEvent.MemberEvent> awaitRemoved(Address address, Duration within) {
    awaitEvent(address, within, ClusterEvent.MemberRemoved.class);
    return seen.stream().filter(e -> e.member().address().equals(address)).toList();
  }

  private void awaitEvent(Address address, Duration within,
      Class<? extends ClusterEvent.MemberEvent> type) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      ClusterEvent.MemberEvent event;
      try {
        event = members.receiveMessage(Duration.ofNanos(Math.max(left, 1)));
      } catch (AssertionError timedOut) {
        throw new AssertionError("the observer saw no " + type.getSimpleName() + " of "
            + address + " within " + within + "; it saw " + seen, timedOut);
      }
      seen.add(event);
      if (type.isInstance(event) && event.member().address().equals(address)) {
        return;
      }
    }
  }

  /** Whether a removal followed a graceful leave: the member was exiting, not down. */
  public static boolean left(ClusterEvent.MemberEvent removal) {
    return removal instanceof ClusterEvent.MemberRemoved removed
        && removed.previousStatus().equals(MemberStatus.exiting());
  }

  /**
   * Leaves the cluster and stops, waiting as long as {@code Fleet.close} does: a system whose
   * TLS remoting streams do not finish closing is left to the JVM's end (docs/security.md,
   * "Cluster transport", on stopping), since what a test observed is already asserted by then.
   */
  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      System.err.println("cluster observer: still stopping after 20 s; left to the JVM's end");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
