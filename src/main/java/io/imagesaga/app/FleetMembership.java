package io.imagesaga.app;

import com.typesafe.config.Config;
import io.imagesaga.fleet.Fleet;
import io.imagesaga.fleet.FleetSettings;
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

  static Optional<Fleet> join(Path confDir, Node node) throws Exception {
    return join(AppConfig.loadFleet(confDir, Map.of()), node);
  }

  public static Optional<Fleet> join(Config fleetConfig, Node node) throws Exception {
    if (!FleetSettings.of(fleetConfig).enabled()) {
      return Optional.empty();
    }
    Fleet fleet = Fleet.start(fleetConfig, node.images(),
        new HostJournal(node.system(), node.settings().readJournalPluginId()));
    // Each system leaves by its own coordinated shutdown (also on SIGTERM); a node stopped
    // from within takes its fleet membership with it.
    node.system().getWhenTerminated().thenRun(() -> fleet.system().terminate());
    return Optional.of(fleet);
  }
}
