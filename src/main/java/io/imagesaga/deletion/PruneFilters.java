package io.imagesaga.deletion;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code docker image prune} may remove.
 *
 * @param danglingOnly true: only images without tags (the default); false: every unused image
 * @param labels {@code k} or {@code k=v} the image must carry (all of them)
 * @param withoutLabels {@code k} or {@code k=v} the image must not carry
 * @param until only images created before this instant
 */
public record PruneFilters(boolean danglingOnly, List<String> labels, List<String> withoutLabels,
    Optional<Instant> until) {

  public PruneFilters {
    labels = List.copyOf(labels);
    withoutLabels = List.copyOf(withoutLabels);
  }

  public static PruneFilters dangling() {
    return new PruneFilters(true, List.of(), List.of(), Optional.empty());
  }

  boolean admits(Map<String, String> imageLabels, Instant created) {
    return labels.stream().allMatch(l -> has(imageLabels, l))
        && withoutLabels.stream().noneMatch(l -> has(imageLabels, l))
        && until.map(created::isBefore).orElse(true);
  }

  private static boolean has(Map<String, String> labels, String filter) {
    int eq = filter.indexOf('=');
    return eq < 0 ? labels.containsKey(filter)
        : filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
  }
}
