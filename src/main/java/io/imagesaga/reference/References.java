package io.imagesaga.reference;

import java.util.Locale;
import java.util.regex.Matcher;

/** distribution/reference's entry points, as moby uses them. */
public final class References {
  public static final String DEFAULT_TAG = "latest";
  private static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";

  private References() {}

  /**
   * {@code ParseAnyReference}: 64 hex characters or a valid {@code algo:hex} digest name an
   * image ID; anything else must be a name ({@link #parseNormalizedNamed}).
   */
  public static ParsedReference parseAny(String s) throws InvalidReferenceException {
    if (Grammar.IDENTIFIER.matcher(s).matches()) {
      return new DigestReference(new Digest("sha256", s));
    }
    try {
      return new DigestReference(Digest.parse(s));
    } catch (InvalidReferenceException notADigest) {
      return parseNormalizedNamed(s);
    }
  }

  /**
   * {@code ParseNormalizedNamed}: a name in the familiar form, normalised to its full form
   * ({@code busybox} is {@code docker.io/library/busybox}).
   */
  public static NamedReference parseNormalizedNamed(String s) throws InvalidReferenceException {
    if (Grammar.IDENTIFIER.matcher(s).matches()) {
      throw new InvalidReferenceException("invalid repository name (" + s
          + "), cannot specify 64-byte hexadecimal strings");
    }
    String[] split = splitDockerDomain(s);
    String remainder = split[1];
    int colon = remainder.indexOf(':');
    String remoteName = colon > -1 ? remainder.substring(0, colon) : remainder;
    if (!remoteName.toLowerCase(Locale.ROOT).equals(remoteName)) {
      throw new InvalidReferenceException(
          "invalid reference format: repository name must be lowercase");
    }
    return parse(split[0] + "/" + remainder);
  }

  /** {@code Parse}: the grammar itself, on a full name. */
  static NamedReference parse(String s) throws InvalidReferenceException {
    Matcher m = Grammar.REFERENCE.matcher(s);
    if (!m.matches()) {
      if (s.isEmpty()) {
        throw new InvalidReferenceException("repository name must have at least one component");
      }
      if (Grammar.REFERENCE.matcher(s.toLowerCase(Locale.ROOT)).matches()) {
        throw new InvalidReferenceException("repository name must be lowercase");
      }
      throw new InvalidReferenceException("invalid reference format");
    }
    String name = m.group(1);
    if (name.length() > Grammar.NAME_MAX_LENGTH) {
      throw new InvalidReferenceException(
          "repository name must not be more than " + Grammar.NAME_MAX_LENGTH + " characters");
    }
    int slash = name.indexOf('/');
    RepositoryName repository = new RepositoryName(name.substring(0, slash),
        name.substring(slash + 1));
    Digest digest = m.group(3) == null ? null : Digest.parse(m.group(3));
    return new NamedReference(repository, m.group(2), digest);
  }

  /** {@code splitDockerDomain}: the first component is a domain only if it looks like one. */
  private static String[] splitDockerDomain(String name) {
    int slash = name.indexOf('/');
    String domain;
    String remainder;
    String first = slash == -1 ? "" : name.substring(0, slash);
    if (slash == -1 || (!first.contains(".") && !first.contains(":")
        && !first.equals("localhost") && first.toLowerCase(Locale.ROOT).equals(first))) {
      domain = RepositoryName.DEFAULT_DOMAIN;
      remainder = name;
    } else {
      domain = first;
      remainder = name.substring(slash + 1);
    }
    if (domain.equals(LEGACY_DEFAULT_DOMAIN)) {
      domain = RepositoryName.DEFAULT_DOMAIN;
    }
    if (domain.equals(RepositoryName.DEFAULT_DOMAIN) && remainder.indexOf('/') < 0) {
      remainder = "library/" + remainder;
    }
    return new String[] {domain, remainder};
  }
}
