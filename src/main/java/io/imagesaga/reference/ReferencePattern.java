package io.imagesaga.reference;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An entry of the fleet's protected list (docs/fleet.md, "Fleet deletes"): an exact reference,
 * kept in its full normalised form ({@code nginx} is {@code docker.io/library/nginx:latest}), or
 * a glob with {@code *} (any run of characters but {@code /}) and {@code ?} (one of them), as Go's
 * {@code path.Match}, which matches a reference by its full form or by its familiar one
 * ({@code docker.io/library/*} and {@code nginx:*} both match {@code nginx:1.27}).
 *
 * @param text the exact reference normalised, or the glob as given
 */
public record ReferencePattern(String text) {
  /** What a glob may hold besides its wildcards: the characters of references. */
  private static final Pattern GLOB_CHARACTERS = Pattern.compile("[a-z0-9._\\-/:@*?]+");

  /** A protected reference, and the pattern it matched. */
  public record Match(NamedReference reference, ReferencePattern pattern) {}

  /**
   * Parses a pattern as a client gave it.
   *
   * @throws InvalidReferenceException if it is blank, an exact reference that does not parse,
   *     or a glob with characters no reference has
   */
  public static ReferencePattern parse(String text) throws InvalidReferenceException {
    String trimmed = text.trim();
    if (trimmed.isEmpty()) {
      throw new InvalidReferenceException("a protected pattern cannot be blank");
    }
    if (!isGlob(trimmed)) {
      return new ReferencePattern(References.parseNormalizedNamed(trimmed).withDefaultTag()
          .toString());
    }
    if (!GLOB_CHARACTERS.matcher(trimmed).matches()) {
      throw new InvalidReferenceException("invalid protected pattern " + trimmed
          + ": only the characters of references, * and ? are allowed");
    }
    return new ReferencePattern(trimmed);
  }

  public boolean matches(NamedReference reference) {
    if (!isGlob(text)) {
      return text.equals(reference.toString());
    }
    PathMatch glob = PathMatch.compile(text);
    return glob.matches(reference.toString()) || glob.matches(reference.familiarString());
  }

  /** The first of {@code references} (in their order) that one of {@code patterns} matches. */
  public static Optional<Match> firstMatch(
      List<ReferencePattern> patterns, Collection<NamedReference> references) {
    for (NamedReference reference : references) {
      for (ReferencePattern pattern : patterns) {
        if (pattern.matches(reference)) {
          return Optional.of(new Match(reference, pattern));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isGlob(String text) {
    return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
  }


  @Override
  public String toString() {
    return text;
  }
}
