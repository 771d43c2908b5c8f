package io.imagesaga.fleet;

import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;

/**
 * An entity of the fleet: journaled to the shared PostgreSQL ({@link FleetPersistence}), named
 * here once rather than by each entity, so that none can fall back to a host's LevelDB.
 */
abstract class FleetEntity<C, E, S> extends EventSourcedBehaviorWithEnforcedReplies<C, E, S> {

  FleetEntity(PersistenceId persistenceId) {
    super(persistenceId);
  }

  FleetEntity(PersistenceId persistenceId, BackoffSupervisorStrategy onPersistFailure) {
    super(persistenceId, onPersistFailure);
  }

  @Override
  public final String journalPluginId() {
    return FleetPersistence.JOURNAL;
  }

  @Override
  public final String snapshotPluginId() {
    return FleetPersistence.SNAPSHOTS;
  }
}
