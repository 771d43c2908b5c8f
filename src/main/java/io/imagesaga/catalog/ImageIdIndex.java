package io.imagesaga.catalog;

import io.imagesaga.reference.ImageId;
import java.util.NavigableSet;
import java.util.Optional;

/**
 * moby's {@code digestset.Lookup} over sorted image IDs: {@code <hexprefix>} or
 * {@code sha256:<hexprefix>}, any length from one character; no match and an ambiguous prefix
 * are both "not found". Cost is O(log n) whatever the catalog's size.
 */
final class ImageIdIndex {
  private static final String ALGORITHM = "sha256";

  private ImageIdIndex() {}

  static Optional<ImageId> search(NavigableSet<CompactId> sortedIds, String term) {
    String prefix = term;
    int colon = term.indexOf(':');
    if (colon >= 0) {
      if (!term.substring(0, colon).equals(ALGORITHM)) {
        return Optional.empty();
      }
      prefix = term.substring(colon + 1);
    }
    if (prefix.isEmpty()) {
      return Optional.empty();
    }
    CompactId lowest = CompactId.lowestWithPrefix(prefix);
    if (lowest == null) {
      return Optional.empty();
    }
    CompactId first = sortedIds.ceiling(lowest);
    if (first == null || !first.hasPrefix(prefix)) {
      return Optional.empty();
    }
    CompactId next = sortedIds.higher(first);
    if (next != null && next.hasPrefix(prefix)) {
      return Optional.empty();
    }
    return Optional.of(first.toImageId());
  }
}
