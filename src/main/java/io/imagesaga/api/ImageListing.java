package io.imagesaga.api;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.catalog.CatalogImage;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.PathMatch;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code GET /images/json} as moby's {@code Images} computes it: untagged parents hidden unless
 * {@code all} (also with {@code dangling=true}); an image without tags is dangling even if it
 * has digests; then the {@code dangling}, {@code label}, {@code before}/{@code since},
 * {@code reference} and {@code until} filters, in the catalog's order (newest first).
 */
final class ImageListing {
  static final Set<String> FILTERS =
      Set.of("dangling", "label", "before", "since", "reference", "until");

  private ImageListing() {}

  /**
   * @param before created time of the {@code before} image, resolved by the caller
   * @param since created time of the {@code since} image
   */
  static List<ImageQuery.Match> list(List<CatalogImage> images, boolean all, Filters filters,
      Optional<Instant> before, Optional<Instant> since) {
    Optional<Boolean> dangling = filters.bool("dangling");
    List<String> labels = filters.get("label");
    List<PathMatch> references = filters.get("reference").stream().map(ImageListing::glob)
        .toList();
    // moby applies every until value; together they are the earliest.
    Optional<Instant> until = filters.get("until").stream().map(Timestamps::parse)
        .min(Comparator.naturalOrder());
    return images.stream()
        .filter(i -> all || !isIntermediate(i))
        .filter(i -> dangling.isEmpty()
            || (dangling.get() ? tags(i).isEmpty() : !i.references().isEmpty()))
        .filter(i -> labels.isEmpty() || labels.stream().allMatch(l -> hasLabel(i, l)))
        .filter(i -> before.isEmpty() || i.created().isBefore(before.get()))
        .filter(i -> since.isEmpty() || i.created().isAfter(since.get()))
        .filter(i -> until.isEmpty() || i.created().isBefore(until.get()))
        .flatMap(i -> withReferences(i, references))
        .toList();
  }

  private static Stream<ImageQuery.Match> withReferences(CatalogImage image,
      List<PathMatch> globs) {
    List<String> allTags = familiar(image, false);
    List<String> allDigests = familiar(image, true);
    if (globs.isEmpty()) {
      return Stream.of(new ImageQuery.Match(image, allTags, allDigests));
    }
    List<String> tags = allTags.stream().filter(t -> matches(globs, t)).toList();
    List<String> digests = allDigests.stream().filter(d -> matches(globs, d)).toList();
    if (tags.isEmpty() && digests.isEmpty()) {
      return Stream.empty();
    }
    return Stream.of(new ImageQuery.Match(image, tags, digests));
  }

  /** The familiar forms of the image's digests ({@code canonical}) or of its tags. */
  static List<String> familiar(CatalogImage image, boolean canonical) {
    List<NamedReference> references = image.references();
    if (references.size() == 1) {
      NamedReference only = references.get(0);
      return only.isCanonical() == canonical ? List.of(only.familiarString()) : List.of();
    }
    return references.stream().filter(r -> r.isCanonical() == canonical)
        .map(NamedReference::familiarString).toList();
  }

  /** A reference matches on its familiar {@code name:tag} or on its familiar name alone. */
  private static boolean matches(List<PathMatch> globs, String familiar) {
    int at = familiar.indexOf('@');
    String withoutDigest = at >= 0 ? familiar.substring(0, at) : familiar;
    int colon = withoutDigest.lastIndexOf(':');
    String name = colon > withoutDigest.lastIndexOf('/') && colon >= 0
        ? withoutDigest.substring(0, colon) : withoutDigest;
    return globs.stream().anyMatch(g -> g.matches(familiar) || g.matches(name));
  }

  /**
   * A {@code reference} filter's pattern. Go's {@code path.ErrBadPattern}, which dockerd returns
   * untyped (a 500), is the client's pattern at fault: a 400 here, with the same text.
   */
  private static PathMatch glob(String pattern) {
    try {
      return PathMatch.compile(pattern);
    } catch (PathMatch.BadPatternException e) {
      throw new RejectedException(new Rejection.InvalidParameter(e.getMessage()));
    }
  }

  private static List<NamedReference> tags(CatalogImage image) {
    return image.references().stream().filter(r -> !r.isCanonical()).toList();
  }

  private static boolean isIntermediate(CatalogImage image) {
    return image.references().isEmpty() && image.hasChildren();
  }

  private static boolean hasLabel(CatalogImage image, String filter) {
    Map<String, String> labels = image.labels();
    int eq = filter.indexOf('=');
    return eq < 0 ? labels.containsKey(filter)
        : filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
  }
}
