package io.imagesaga.reference;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A repository with an optional tag and an optional digest: distribution's {@code Named},
 * {@code Tagged} and {@code Canonical} in one value. Ordered by the full normalised string, the
 * order of moby's reference store.
 *
 * @param tag null when absent
 * @param digest null when absent
 */
public record NamedReference(RepositoryName repository, String tag, Digest digest)
    implements ParsedReference, Comparable<NamedReference> {

  public static NamedReference tagged(RepositoryName repository, String tag)
      throws InvalidReferenceException {
    if (!Grammar.TAG.matcher(tag).matches()) {
      throw new InvalidReferenceException("invalid tag format");
    }
    return new NamedReference(repository, tag, null);
  }

  public static NamedReference canonical(RepositoryName repository, Digest digest) {
    return new NamedReference(repository, null, digest);
  }

  public boolean isCanonical() {
    return digest != null;
  }

  public boolean isTagged() {
    return tag != null;
  }

  public boolean isNameOnly() {
    return tag == null && digest == null;
  }

  /** distribution's {@code TagNameOnly}: a bare name gets the tag {@code latest}. */
  public NamedReference withDefaultTag() {
    return isNameOnly() ? new NamedReference(repository, References.DEFAULT_TAG, null) : this;
  }

  /** The reference store's {@code favorDigest}: with both a tag and a digest, the digest. */
  public NamedReference favorDigest() {
    return isTagged() && isCanonical() ? new NamedReference(repository, null, digest) : this;
  }

  /** distribution's {@code FamiliarString}: {@code busybox:latest}, {@code a@sha256:...}. */
  public String familiarString() {
    return repository.familiarName() + suffix();
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static NamedReference fromJson(String s) {
    try {
      return References.parseNormalizedNamed(s);
    } catch (InvalidReferenceException e) {
      throw new IllegalArgumentException(e.getMessage() + ": " + s);
    }
  }

  @JsonValue
  @Override
  public String toString() {
    return repository.name() + suffix();
  }

  @Override
  public int compareTo(NamedReference other) {
    return toString().compareTo(other.toString());
  }

  private String suffix() {
    return (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }
}
