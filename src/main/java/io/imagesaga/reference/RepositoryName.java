package io.imagesaga.reference;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A normalised repository name: {@code docker.io} + {@code library/busybox}. The domain is empty
 * only in upstream's corner case of a first component that looks like a host but is not one ({@code
 * a_b.com/c}).
 *
 * <p>The constructor accepts only pairs that {@link References#parseNormalizedNamed} itself
 * produces, so {@link #name()} always parses back to an equal value; that is what makes the
 * journal's string form lossless. {@code new RepositoryName("docker.io", "busybox")} is refused.
 */
public record RepositoryName(String domain, String path) {

  public RepositoryName {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(path, "path");
    String name = join(domain, path);
    Grammar.Parts parts;
    try {
      parts = References.normalize(name);
    } catch (InvalidReferenceException e) {
      throw new IllegalArgumentException(e.getMessage() + ": " + name, e);
    }
    if (!parts.domain().equals(domain)
        || !parts.path().equals(path)
        || parts.tag() != null
        || parts.digest() != null) {
      throw new IllegalArgumentException("repository name is not normalised: " + name);
    }
  }

  /**
   * A name without tag or digest, normalised. A tag or digest is "invalid reference format", as
   * distribution's {@code WithName} says of it.
   */
  public static RepositoryName parseNormalized(String s) throws InvalidReferenceException {
    NamedReference ref = References.parseNormalizedNamed(s);
    if (!ref.isNameOnly()) {
      throw new InvalidReferenceException(InvalidReferenceException.INVALID_FORMAT);
    }
    return ref.repository();
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static RepositoryName fromJson(String s) {
    try {
      return parseNormalized(s);
    } catch (InvalidReferenceException e) {
      throw new IllegalArgumentException(e.getMessage() + ": " + s, e);
    }
  }

  /** The full name, {@code docker.io/library/busybox}: distribution's {@code Name()}. */
  @JsonValue
  public String name() {
    return join(domain, path);
  }

  /**
   * distribution's {@code FamiliarName}: Docker Hub names lose {@code docker.io/}, and official
   * images also lose {@code library/} unless the path has more components ({@code library/foo/bar}
   * stays). Other registries keep the full name.
   */
  public String familiarName() {
    if (!domain.equals(References.DEFAULT_DOMAIN)) {
      return name();
    }
    String prefix = References.OFFICIAL_REPO_PREFIX;
    boolean official = path.startsWith(prefix) && path.indexOf('/', prefix.length()) < 0;
    return official ? path.substring(prefix.length()) : path;
  }

  @Override
  public String toString() {
    return name();
  }

  private static String join(String domain, String path) {
    return domain.isEmpty() ? path : domain + "/" + path;
  }
}
