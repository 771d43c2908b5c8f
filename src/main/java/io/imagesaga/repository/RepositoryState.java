package io.imagesaga.repository;

import io.imagesaga.CborSerializable;
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
 * @param moves the last {@value #REMEMBERED_OPERATIONS} references set, by operation, oldest
 *     first: an operation resumed after a crash learns what the reference pointed at before it
 */
public record RepositoryState(SortedMap<String, ImageId> references, List<ReferenceSet> moves)
    implements CborSerializable {

  public static final int REMEMBERED_OPERATIONS = 128;

  /**
   * {@code references} and {@code moves} are kept persistent: an event changes one entry in
   * O(log n) without copying the rest, so a repository with a hundred thousand tags tags and
   * untags as fast as one with ten (a copy per event made every tag of a big repository O(n)),
   * and the audit replay can apply the entity's own events at replay speed.
   */
  public RepositoryState {
    references = references instanceof TreePMap<String, ImageId> persistent ? persistent
        : TreePMap.from(references);
    moves = moves instanceof TreePVector<ReferenceSet> persistent ? persistent
        : moves == null ? TreePVector.empty() : TreePVector.from(moves);
  }

  public static RepositoryState empty() {
    return new RepositoryState(TreePMap.empty(), TreePVector.empty());
  }

  /** The move operation {@code operationId} made here, if this repository still remembers. */
  public Optional<ReferenceSet> moveBy(String operationId) {
    return moves.stream().filter(m -> operationId.equals(m.operationId())).findFirst();
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
      TreePVector<ReferenceSet> remembered = (TreePVector<ReferenceSet>) moves;
      if (e.operationId() != null) {
        remembered = remembered.plus(e);
      }
      if (remembered.size() > REMEMBERED_OPERATIONS) {
        remembered = remembered.minus(0);
      }
      return new RepositoryState(next, remembered);
    } else if (event instanceof ReferencesRemoved e) {
      return new RepositoryState(current.minusAll(
          e.references().stream().map(NamedReference::toString).toList()), moves);
    }
    throw new IllegalArgumentException("unknown repository event " + event);
  }
}
