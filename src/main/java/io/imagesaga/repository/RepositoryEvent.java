package io.imagesaga.repository;

import io.imagesaga.CborSerializable;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The journal of one repository. */
public sealed interface RepositoryEvent extends CborSerializable {
  Instant at();

  /**
   * {@code reference} now points at {@code image}; it pointed at {@code previous} before. The
   * operation that asked is named, so that it gets the same answer if it asks again.
   */
  record ReferenceSet(NamedReference reference, ImageId image, Optional<ImageId> previous,
      String operationId, Instant at) implements RepositoryEvent {}

  record ReferencesRemoved(List<NamedReference> references, ImageId image, Instant at)
      implements RepositoryEvent {
    public ReferencesRemoved {
      references = List.copyOf(references);
    }
  }
}
