package io.imagesaga.repository;

import io.imagesaga.CborSerializable;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.repository.RepositoryEvent.ReferenceSet;
import io.imagesaga.repository.RepositoryEvent.ReferencesRemoved;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

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

  public RepositoryState {
    references = Collections.unmodifiableSortedMap(new TreeMap<>(references));
    moves = moves == null ? List.of() : List.copyOf(moves);
  }

  public static RepositoryState empty() {
    return new RepositoryState(new TreeMap<>(), List.of());
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
    SortedMap<String, ImageId> copy = new TreeMap<>(references);
    if (event instanceof ReferenceSet e) {
      copy.put(e.reference().toString(), e.image());
      List<ReferenceSet> remembered = new ArrayList<>(moves);
      if (e.operationId() != null) {
        remembered.add(e);
      }
      return new RepositoryState(copy, remembered.subList(
          Math.max(0, remembered.size() - REMEMBERED_OPERATIONS), remembered.size()));
    } else if (event instanceof ReferencesRemoved e) {
      e.references().forEach(r -> copy.remove(r.toString()));
    } else {
      throw new IllegalArgumentException("unknown repository event " + event);
    }
    return new RepositoryState(copy, moves);
  }
}
