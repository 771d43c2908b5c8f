package io.imagesaga.app;

import com.typesafe.config.Config;
import io.imagesaga.fleet.Fleet;
import io.imagesaga.fleet.FleetSettings;
import io.imagesaga.fleet.FleetTransport;
import io.imagesaga.fleet.HostJournal;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Joins the fleet when {@code IMAGESAGA_SEED_NODES} is set (docs/fleet.md); an agent without it
 * runs alone. The fleet stops with the node: leaving the cluster first, then the host.
 */
public final class FleetMembership {
  private FleetMembership() {}

  /**
   * The fleet system's configuration of {@code confDir} with its transport decided
   * ({@link FleetTransport}), if this agent joins a fleet. {@code serve} asks before the host
   * starts, so that a fleet that cannot start (no certificates, a bad file) stops it at once.
   */
  static Optional<Config> configure(Path confDir) {
    return configure(AppConfig.loadFleet(confDir, Map.of()));
  }

  public static Optional<Config> configure(Config fleetConfig) {
    return FleetSettings.of(fleetConfig).enabled()
        ? Optional.of(FleetTransport.configure(fleetConfig)) : Optional.empty();
  }

  /** {@link #configure(Config)}, then {@link #start}. */
  public static Optional<Fleet> join(Config fleetConfig, Node node) {
    return start(configure(fleetConfig), node);
  }

  /** Starts the fleet system of a configuration {@link #configure} made, if any. */
  static Optional<Fleet> start(Optional<Config> configured, Node node) {
    return configured.map(config -> {
      Fleet fleet = Fleet.start(config, node.images(),
          new HostJournal(node.system(), node.settings().readJournalPluginId()));
      node.metrics().auditShippingLag(fleet.auditShipping()::lag);
      // Each system leaves by its own coordinated shutdown (also on SIGTERM); a node stopped
      // from within takes its fleet membership with it.
      node.system().getWhenTerminated().thenRun(() -> fleet.system().terminate());
      return fleet;
    });
  }
}
