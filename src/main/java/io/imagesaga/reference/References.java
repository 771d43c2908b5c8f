package io.imagesaga.reference;

import static io.imagesaga.reference.InvalidReferenceException.NAME_UPPERCASE_NORMALIZED;

import java.util.Objects;

/**
 * distribution/reference's entry points as moby's image service calls them. Behaviour is that of
 * the library moby vendored in 2019 (docker/distribution v2.7, go-digest v1.0.0), including its
 * error texts, plus v2.8's bracketed IPv6 registry hosts ({@code [::1]:5000/a}).
 */
public final class References {
  public static final String DEFAULT_TAG = "latest";
  static final String DEFAULT_DOMAIN = "docker.io";
  static final String OFFICIAL_REPO_PREFIX = "library/";
  private static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
  private static final String LOCALHOST = "localhost";

  private References() {}

  /**
   * {@code ParseAnyReference}, the first step of moby's {@code GetImage}: exactly 64 lower-case hex
   * characters are the image ID {@code sha256:<hex>}; a string that go-digest accepts is a digest;
   * anything else must be a name ({@link #parseNormalizedNamed}), whose error is the one reported.
   * So {@code sha256:abc} is the repository {@code sha256} with tag {@code abc}.
   */
  public static ParsedReference parseAny(String s) throws InvalidReferenceException {
    Objects.requireNonNull(s, "reference");
    if (Grammar.isIdentifier(s)) {
      return new DigestReference(new Digest("sha256", s));
    }
    try {
      return new DigestReference(Digest.parse(s));
    } catch (InvalidReferenceException notADigest) {
      return parseNormalizedNamed(s);
    }
  }

  /**
   * {@code ParseNormalizedNamed}: reads a name as the docker CLI writes it and returns its full
   * form ({@code busybox} is {@code docker.io/library/busybox}). Rejects, in upstream order: a bare
   * 64-hex string (it would shadow an image ID); upper case in the repository path, with the
   * "invalid reference format: " prefix; then everything {@code Parse} rejects.
   */
  public static NamedReference parseNormalizedNamed(String s) throws InvalidReferenceException {
    Grammar.Parts parts = normalize(s);
    return new NamedReference(
        new RepositoryName(parts.domain(), parts.path()), parts.tag(), parts.digest());
  }

  /** {@link #parseNormalizedNamed} without building the records, so they can validate with it. */
  static Grammar.Parts normalize(String s) throws InvalidReferenceException {
    Objects.requireNonNull(s, "reference");
    if (Grammar.isIdentifier(s)) {
      throw InvalidReferenceException.hexadecimalName(s);
    }
    String[] split = splitDockerDomain(s);
    String remainder = split[1];
    int tagSeparator = remainder.indexOf(':');
    String remoteName = tagSeparator < 0 ? remainder : remainder.substring(0, tagSeparator);
    if (!Grammar.goToLower(remoteName).equals(remoteName)) {
      throw new InvalidReferenceException(NAME_UPPERCASE_NORMALIZED);
    }
    return Grammar.parse(split[0] + "/" + remainder);
  }

  /**
   * {@code splitDockerDomain}: the first component is a registry only if it could not be a Hub
   * namespace, that is if it has a '.' or a ':' or is {@code localhost}. {@code index.docker.io} is
   * Docker Hub, and single-component Hub names live under {@code library/}.
   */
  private static String[] splitDockerDomain(String name) {
    int slash = name.indexOf('/');
    String first = slash < 0 ? null : name.substring(0, slash);
    boolean hasDomain =
        first != null && (first.contains(".") || first.contains(":") || first.equals(LOCALHOST));
    String domain = hasDomain ? first : DEFAULT_DOMAIN;
    String remainder = hasDomain ? name.substring(slash + 1) : name;
    if (domain.equals(LEGACY_DEFAULT_DOMAIN)) {
      domain = DEFAULT_DOMAIN;
    }
    if (domain.equals(DEFAULT_DOMAIN) && remainder.indexOf('/') < 0) {
      remainder = OFFICIAL_REPO_PREFIX + remainder;
    }
    return new String[] {domain, remainder};
  }
}
