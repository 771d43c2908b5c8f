package io.imagesaga.reference;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A normalised repository name: {@code docker.io} + {@code library/busybox}. */
public record RepositoryName(String domain, String path) {
  static final String DEFAULT_DOMAIN = "docker.io";
  private static final String OFFICIAL_PREFIX = "library/";

  /** The full name, {@code docker.io/library/busybox}. */
  public String name() {
    return domain + "/" + path;
  }

  /** distribution's {@code FamiliarName}: {@code busybox}, {@code user/repo}, others in full. */
  public String familiarName() {
    if (!domain.equals(DEFAULT_DOMAIN)) {
      return name();
    }
    if (path.startsWith(OFFICIAL_PREFIX) && path.indexOf('/', OFFICIAL_PREFIX.length()) < 0) {
      return path.substring(OFFICIAL_PREFIX.length());
    }
    return path;
  }

  /** A repository name with neither tag nor digest. */
  public static RepositoryName parseNormalized(String s) throws InvalidReferenceException {
    NamedReference ref = References.parseNormalizedNamed(s);
    if (!ref.isNameOnly()) {
      throw new InvalidReferenceException("invalid reference format");
    }
    return ref.repository();
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static RepositoryName fromJson(String s) {
    try {
      return parseNormalized(s);
    } catch (InvalidReferenceException e) {
      throw new IllegalArgumentException(e.getMessage() + ": " + s);
    }
  }

  @JsonValue
  @Override
  public String toString() {
    return name();
  }
}
