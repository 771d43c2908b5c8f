package io.imagesaga.catalog;

import io.imagesaga.image.ImageState;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.RepositoryName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the entities' image states into the catalog's {@link CatalogImage}s, sharing what many
 * images hold alike: one {@link RepositoryName} per repository (a repository has as many
 * references as it has tags), one string per tag text ({@code latest}), and the parent's
 * {@link CompactId} with the parent's own entry. Not thread-safe: the catalog's actor owns it.
 */
final class CatalogImages {
  private static final Comparator<CatalogImage> NEWEST_FIRST =
      Comparator.comparingLong(CatalogImage::createdSecond)
          .thenComparingInt(CatalogImage::createdNano).reversed()
          .thenComparing(CatalogImage::key);

  /**
   * Every repository a reference of the catalog ever named. It only grows, by one entry per
   * repository, not per tag or image: a node holds far fewer repositories than images.
   */
  private final Map<RepositoryName, RepositoryName> repositories = new HashMap<>();

  /** {@code state}, a present image, as the catalog keeps it among {@code images}. */
  CatalogImage of(ImageState state, Map<CompactId, CatalogImage> images) {
    CompactId key = shared(CompactId.of(state.id()), images);
    CompactId parent = state.metadata().parent()
        .map(id -> shared(CompactId.of(id), images)).orElse(null);
    return new CatalogImage(key, parent, state, references(state));
  }

  static List<CatalogImage> newestFirst(Collection<CatalogImage> images) {
    List<CatalogImage> sorted = new ArrayList<>(images);
    sorted.sort(NEWEST_FIRST);
    return Collections.unmodifiableList(sorted);
  }

  private static CompactId shared(CompactId key, Map<CompactId, CatalogImage> images) {
    CatalogImage known = images.get(key);
    return known == null ? key : known.key();
  }

  private List<NamedReference> references(ImageState state) {
    if (state.references().isEmpty()) {
      return List.of();
    }
    List<NamedReference> shared = new ArrayList<>(state.references().size());
    for (NamedReference reference : state.references()) {
      RepositoryName repository =
          repositories.computeIfAbsent(reference.repository(), name -> name);
      shared.add(new NamedReference(repository,
          reference.tag() == null ? null : reference.tag().intern(), reference.digest()));
    }
    return List.copyOf(shared);
  }
}
