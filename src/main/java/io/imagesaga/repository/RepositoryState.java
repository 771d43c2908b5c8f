package io.imagesaga.repository;

import io.imagesaga.CborSerializable;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.repository.RepositoryEvent.ReferenceSet;
import io.imagesaga.repository.RepositoryEvent.ReferencesRemoved;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The tags and digests of one repository, each pointing at an image: moby's reference store,
 * sharded by repository name. Keys are the references' full normalised strings.
 */
public record RepositoryState(SortedMap<String, ImageId> references) implements CborSerializable {

  public RepositoryState {
    references = Collections.unmodifiableSortedMap(new TreeMap<>(references));
  }

  public static RepositoryState empty() {
    return new RepositoryState(new TreeMap<>());
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
    } else if (event instanceof ReferencesRemoved e) {
      e.references().forEach(r -> copy.remove(r.toString()));
    } else {
      throw new IllegalArgumentException("unknown repository event " + event);
    }
    return new RepositoryState(copy);
  }
}
