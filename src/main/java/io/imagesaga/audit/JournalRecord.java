package io.imagesaga.audit;

import java.time.Instant;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * One journaled event with its place in the audit log.
 *
 * @param offset position in the journal's write order, across all entities (1 is the first)
 * @param persistenceId the entity it belongs to, {@code <Type>|<id>}
 * @param sequenceNr its place in that entity's own history
 * @param written when the journal wrote it
 * @param event the event itself, as the entity applies it
 */
public record JournalRecord(long offset, String persistenceId, long sequenceNr, Instant written,
    Object event) {

  /** The persistence ID an entity of {@code type} journals under, as the entities build it. */
  public static String persistenceId(EntityTypeKey<?> type, String id) {
    return PersistenceId.of(type.name(), id).id();
  }

  /** {@code Image} for {@code Image|sha256:…}. */
  public String entityType() {
    int bar = persistenceId.indexOf('|');
    return bar < 0 ? persistenceId : persistenceId.substring(0, bar);
  }

  /** {@code sha256:…} for {@code Image|sha256:…}. */
  public String entityId() {
    return persistenceId.substring(persistenceId.indexOf('|') + 1);
  }
}
