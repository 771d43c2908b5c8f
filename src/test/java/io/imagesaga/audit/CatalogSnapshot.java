package io.imagesaga.audit;

import io.imagesaga.model.DockerModel;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the model and a replayed audit log can both say about one sequence's images and
 * containers, in one comparable value: the present images with their references (full strings,
 * and familiar ones as {@code RepoTags}/{@code RepoDigests}), parent and containers; the
 * containers with their image and whether they run; and where each reference points.
 */
record CatalogSnapshot(SortedMap<String, ImageRow> images,
    SortedMap<String, ContainerRow> containers, SortedMap<String, String> references) {

  record ImageRow(String parent, List<String> references, List<String> repoTags,
      List<String> repoDigests, List<String> containers) {}

  record ContainerRow(String image, boolean running) {}

  /** The model's catalog now. */
  static CatalogSnapshot of(DockerModel model) {
    var snapshot = empty();
    model.images().forEach((id, view) -> {
      List<NamedReference> refs = view.references().stream().map(CatalogSnapshot::parse)
          .toList();
      snapshot.images().put(id.toString(), new ImageRow(
          view.parent() == null ? "" : view.parent().toString(), view.references(),
          familiar(refs, false), familiar(refs, true), view.containers()));
      view.references().forEach(ref -> snapshot.references().put(ref, id.toString()));
    });
    model.containers().forEach((id, c) ->
        snapshot.containers().put(id, new ContainerRow(c.imageId().toString(), c.running())));
    return snapshot;
  }

  /**
   * A replay's catalog, as {@link CatalogView#document()} shows it, restricted to the given
   * images and containers (the journal may hold other sequences' too).
   */
  static CatalogSnapshot of(JournalState state, Collection<ImageId> images,
      Collection<String> containers) {
    var snapshot = empty();
    Set<String> ours = Set.copyOf(images.stream().map(ImageId::toString).toList());
    Map<String, Object> document = new CatalogView(state, state.written()).document();
    for (Map<String, Object> image : listOf(document.get("Images"))) {
      String id = (String) image.get("Id");
      if (ours.contains(id)) {
        snapshot.images().put(id, new ImageRow((String) image.get("ParentId"),
            state.image(ImageId.parse(id)).references().stream()
                .map(NamedReference::toString).toList(),
            strings(image.get("RepoTags")), strings(image.get("RepoDigests")),
            strings(image.get("Containers"))));
      }
    }
    for (Map<String, Object> c : listOf(document.get("Containers"))) {
      if (containers.contains((String) c.get("Id"))) {
        snapshot.containers().put((String) c.get("Id"),
            new ContainerRow((String) c.get("ImageID"), "running".equals(c.get("State"))));
      }
    }
    for (String repository : state.repositoryNames()) {
      state.repository(repository).forEach((ref, id) -> {
        if (ours.contains(id.toString())) {
          snapshot.references().put(ref, id.toString());
        }
      });
    }
    return snapshot;
  }

  private static CatalogSnapshot empty() {
    return new CatalogSnapshot(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
  }

  private static List<String> familiar(List<NamedReference> refs, boolean canonical) {
    return refs.stream().filter(r -> r.isCanonical() == canonical)
        .map(NamedReference::familiarString).toList();
  }

  static NamedReference parse(String reference) {
    try {
      return References.parseNormalizedNamed(reference);
    } catch (InvalidReferenceException e) {
      throw new IllegalArgumentException(reference, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> listOf(Object value) {
    return (List<Map<String, Object>>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object value) {
    return (List<String>) value;
  }
}
