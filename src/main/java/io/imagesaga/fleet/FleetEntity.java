package io.imagesaga.fleet;

import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
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

  /** The one entity of a fleet-wide singleton type (the host registry, the protected list). */
  static final String SINGLETON_ID = "fleet";

  /** Starts a fleet-wide singleton type on this agent's sharding. */
  static <C> void initSingleton(ActorSystem<?> system, EntityTypeKey<C> type,
      Supplier<Behavior<C>> create) {
    ClusterSharding.get(system).init(Entity.of(type, ctx -> create.get()));
  }

  /** The fleet-wide singleton of {@code type}, wherever sharding placed it. */
  static <C> EntityRef<C> singleton(ActorSystem<?> system, EntityTypeKey<C> type) {
    return ClusterSharding.get(system).entityRefFor(type, SINGLETON_ID);
  }

  static PersistenceId singletonId(EntityTypeKey<?> type) {
    return PersistenceId.of(type.name(), SINGLETON_ID);
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
