package io.imagesaga.audit;

import io.imagesaga.container.ContainerEntity;
import io.imagesaga.image.ImageEntity;
import io.imagesaga.layer.LayerEntity;
import io.imagesaga.repository.RepositoryEntity;
import java.util.Set;

/**
 * A broken invariant as a check finds it, before it is placed in the log as a {@link Violation}.
 *
 * @param entities the persistence IDs of the entities that disagree
 */
record Problem(int invariant, String description, Set<String> entities) {

  static String image(Object id) {
    return JournalRecord.persistenceId(ImageEntity.ENTITY_TYPE_KEY, id.toString());
  }

  static String repository(String name) {
    return JournalRecord.persistenceId(RepositoryEntity.ENTITY_TYPE_KEY, name);
  }

  static String layer(String chainId) {
    return JournalRecord.persistenceId(LayerEntity.ENTITY_TYPE_KEY, chainId);
  }

  static String container(String id) {
    return JournalRecord.persistenceId(ContainerEntity.ENTITY_TYPE_KEY, id);
  }

}
