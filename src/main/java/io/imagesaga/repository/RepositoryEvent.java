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
   *
   * @param untilForgotten true: remembered until the operation says to forget it; false in moves
   *     journaled before operations did (see {@link io.imagesaga.StepMemory})
   */
  record ReferenceSet(NamedReference reference, ImageId image, Optional<ImageId> previous,
      String operationId, Instant at, boolean untilForgotten) implements RepositoryEvent {}

  /** Operation {@code operationId} has ended: its moves need no answer any more. */
  record StepsForgotten(String operationId, Instant at) implements RepositoryEvent {}

  /**
   * The references that pointed at {@code image} are gone.
   *
   * @param step the delete saga that removed them, remembered until it says to forget; null
   *     for removals no saga repeats, and in events journaled before removals were remembered
   */
  record ReferencesRemoved(List<NamedReference> references, ImageId image, Instant at,
      String step) implements RepositoryEvent {
    public ReferencesRemoved {
      references = List.copyOf(references);
    }

    public ReferencesRemoved(List<NamedReference> references, ImageId image, Instant at) {
      this(references, image, at, null);
    }
  }
}
