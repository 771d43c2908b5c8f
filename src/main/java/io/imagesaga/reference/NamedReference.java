package io.imagesaga.reference;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A repository with an optional tag and an optional digest: distribution's {@code Named}, {@code
 * NamedTagged} and {@code Canonical} in one value, since Docker accepts both at once ({@code
 * busybox:latest@sha256:...}). Ordered by the full string, as moby's reference store lists the
 * references of an image.
 *
 * @param tag null when absent; otherwise valid tag grammar
 * @param digest null when absent
 */
public record NamedReference(RepositoryName repository, String tag, Digest digest)
    implements ParsedReference, Comparable<NamedReference> {

  public NamedReference {
    Objects.requireNonNull(repository, "repository");
    if (tag != null && !Grammar.isTag(tag)) {
      throw new IllegalArgumentException(InvalidReferenceException.INVALID_TAG + ": " + tag);
    }
  }

  public static NamedReference nameOnly(RepositoryName repository) {
    return new NamedReference(repository, null, null);
  }

  /** distribution's {@code WithTag} on a bare name: "invalid tag format" unless the tag fits. */
  public static NamedReference tagged(RepositoryName repository, String tag)
      throws InvalidReferenceException {
    if (!Grammar.isTag(tag)) {
      throw new InvalidReferenceException(InvalidReferenceException.INVALID_TAG);
    }
    return new NamedReference(repository, tag, null);
  }

  public static NamedReference canonical(RepositoryName repository, Digest digest) {
    return new NamedReference(repository, null, Objects.requireNonNull(digest, "digest"));
  }

  /** For Jackson: {@code parseNormalizedNamed}, so the full form written reads back equal. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static NamedReference fromJson(String s) {
    try {
      return References.parseNormalizedNamed(s);
    } catch (InvalidReferenceException e) {
      throw new IllegalArgumentException(e.getMessage() + ": " + s, e);
    }
  }

  /** distribution's {@code Canonical}: the reference pins a digest. */
  public boolean isCanonical() {
    return digest != null;
  }

  public boolean isTagged() {
    return tag != null;
  }

  /** distribution's {@code IsNameOnly}. */
  public boolean isNameOnly() {
    return tag == null && digest == null;
  }

  /** distribution's {@code TagNameOnly}: only a bare name gets {@code :latest}. */
  public NamedReference withDefaultTag() {
    return isNameOnly() ? new NamedReference(repository, References.DEFAULT_TAG, null) : this;
  }

  /**
   * The reference store's {@code favorDigest}: a reference with both a tag and a digest is stored,
   * looked up and deleted as its digest alone.
   */
  public NamedReference favorDigest() {
    return isTagged() && isCanonical() ? canonical(repository, digest) : this;
  }

  /** The full repository name, distribution's {@code Name()}. */
  public String name() {
    return repository.name();
  }

  public String familiarName() {
    return repository.familiarName();
  }

  /** distribution's {@code FamiliarString}: {@code busybox:latest}, {@code a@sha256:...}. */
  @Override
  public String familiarString() {
    return repository.familiarName() + suffix();
  }

  /** The full form, distribution's {@code String()}: {@code docker.io/library/busybox:latest}. */
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
