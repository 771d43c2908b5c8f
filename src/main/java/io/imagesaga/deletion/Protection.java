package io.imagesaga.deletion;

import io.imagesaga.Rejection;
import io.imagesaga.catalog.CatalogImage;
import io.imagesaga.image.ImageState;
import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.ReferencePattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fleet's protected list as a host applies it to its part of a fleet delete or prune
 * (docs/fleet.md, "Fleet deletes"): an image that carries a reference the list matches is not
 * deleted, whatever name it was asked by and with or without force.
 */
public final class Protection {
  private Protection() {}

  /** The refusal of deleting {@code image}, if one of its references is protected. */
  public static Optional<Rejection> check(ImageState image, List<String> patterns) {
    return ReferencePattern.firstMatch(parse(patterns), image.references()).map(match ->
        Rejection.Conflict.hard(String.format("conflict: unable to delete %s (cannot be forced)"
            + " - image is protected in the fleet: %s matches %s", image.id().shortId(),
            match.reference().familiarString(), match.pattern())));
  }

  /** Whether {@code image} carries a protected reference. */
  public static boolean covers(CatalogImage image, List<String> patterns) {
    return ReferencePattern.firstMatch(parse(patterns), image.references()).isPresent();
  }

  /**
   * The patterns, each checked when it was added to the list: one that does not parse here is a
   * defect, and fails the request rather than leaving an image unprotected.
   */
  static List<ReferencePattern> parse(List<String> patterns) {
    List<ReferencePattern> parsed = new ArrayList<>();
    for (String pattern : patterns) {
      try {
        parsed.add(ReferencePattern.parse(pattern));
      } catch (InvalidReferenceException e) {
        throw new IllegalStateException("protected pattern " + pattern + " does not parse", e);
      }
    }
    return parsed;
  }
}
