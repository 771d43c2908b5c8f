package io.imagesaga.reference;

import java.util.Objects;

/** An image named by its ID alone: 64 hex characters or a full {@code algo:hex} digest. */
public record DigestReference(Digest digest) implements ParsedReference {

  public DigestReference {
    Objects.requireNonNull(digest, "digest");
  }

  /** The digest itself, as distribution's {@code digestReference.String()}. */
  @Override
  public String familiarString() {
    return digest.toString();
  }

  @Override
  public String toString() {
    return digest.toString();
  }
}
