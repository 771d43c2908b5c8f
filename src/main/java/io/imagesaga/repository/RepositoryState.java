package io.imagesaga.repository;

import io.imagesaga.CborSerializable;
import io.imagesaga.StepMemory;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.repository.RepositoryEvent.ReferenceSet;
import io.imagesaga.repository.RepositoryEvent.ReferencesRemoved;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.pcollections.TreePMap;
import org.pcollections.TreePVector;

/**
 * The tags and digests of one repository, each pointing at an image: moby's reference store,
 * sharded by repository name. Keys are the references' full normalised strings.
 *
 * @param moves the references set by operations that have not ended (see {@link StepMemory}),
 *     oldest first: an operation that asks again learns what the reference pointed at before it
 * @param removals the delete sagas whose removals this repository made and that have not said
 *     to forget them: such a saga asking again changes nothing
 */
public record RepositoryState(SortedMap<String, ImageId> references, List<ReferenceSet> moves,
    List<String> removals) implements CborSerializable {

  /**
   * {@code references} is kept persistent: an event changes one entry in O(log n) without
   * copying the rest, so a repository with a hundred thousand tags tags and untags as fast as
   * one with ten (a copy per event made every tag of a big repository O(n)), and the audit
   * replay can apply the entity's own events at replay speed. {@code moves} are few.
   */
  public RepositoryState {
    references = references instanceof TreePMap<String, ImageId> persistent ? persistent
        : TreePMap.from(references);
    moves = moves instanceof TreePVector<ReferenceSet> persistent ? persistent
        : moves == null ? TreePVector.empty() : TreePVector.from(moves);
    removals = removals == null ? List.of() : List.copyOf(removals);
  }

  public static RepositoryState empty() {
    return new RepositoryState(TreePMap.empty(), TreePVector.empty(), List.of());
  }

  /** Whether saga {@code sagaId}'s removal was made here and is still remembered. */
  public boolean removed(String sagaId) {
    return removals.contains(sagaId);
  }

  /** The move operation {@code operationId} made here, if this repository still remembers. */
  public Optional<ReferenceSet> moveBy(String operationId) {
    return moves.stream().filter(m -> operationId.equals(m.operationId())).findFirst();
  }

  /** Whether this repository remembers a move of operation {@code operationId} or its steps. */
  public boolean remembers(String operationId) {
    return removed(operationId)
        || moves.stream().anyMatch(m -> StepMemory.belongsTo(m.operationId(), operationId));
  }

  /** How many references it holds. */
  public int size() {
    return references.size();
  }

  public Optional<ImageId> lookup(NamedReference reference) {
    return Optional.ofNullable(references.get(reference.toString()));
  }

  /** The references of {@code refs} that still point at {@code image}. */
  public List<NamedReference> pointingAt(List<NamedReference> refs, ImageId image) {
    return refs.stream().filter(r -> image.equals(references.get(r.toString()))).toList();
  }

  public RepositoryState apply(RepositoryEvent event) {
    TreePMap<String, ImageId> current = (TreePMap<String, ImageId>) references;
    if (event instanceof ReferenceSet e) {
      TreePMap<String, ImageId> next = current.plus(e.reference().toString(), e.image());
      return new RepositoryState(next, e.operationId() == null ? moves
          : StepMemory.remember(moves, e, move -> !move.untilForgotten()), removals);
    } else if (event instanceof ReferencesRemoved e) {
      return new RepositoryState(current.minusAll(
          e.references().stream().map(NamedReference::toString).toList()), moves,
          e.step() == null ? removals : StepMemory.remember(removals, e.step(), step -> false));
    } else if (event instanceof RepositoryEvent.StepsForgotten e) {
      return new RepositoryState(references, StepMemory.forget(moves,
          move -> StepMemory.belongsTo(move.operationId(), e.operationId())),
          StepMemory.forget(removals, step -> step.equals(e.operationId())));
    }
    throw new IllegalArgumentException("unknown repository event " + event);
  }
}
