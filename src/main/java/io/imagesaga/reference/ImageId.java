package io.imagesaga.reference;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * An image ID: the sha256 of the image's config JSON, kept as its 64 lower-case hex characters.
 * Always sha256, as in moby's {@code image.ID}; the constructor rejects anything else.
 */
public record ImageId(String hex) {
  private static final String PREFIX = "sha256:";
  public ImageId {
    Objects.requireNonNull(hex, "hex");
    if (!Digest.isLowerHex(hex, 64)) {
      throw new IllegalArgumentException("invalid image ID: " + hex);
    }
  }

  /** Accepts {@code sha256:<64 hex>} or the bare 64 hex characters. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static ImageId parse(String s) {
    Objects.requireNonNull(s, "image ID");
    return new ImageId(s.startsWith(PREFIX) ? s.substring(PREFIX.length()) : s);
  }

  public static ImageId of(Digest digest) {
    if (!digest.algorithm().equals("sha256")) {
      throw new IllegalArgumentException("image IDs are sha256 digests, not " + digest);
    }
    return new ImageId(digest.encoded());
  }

  /** The ID an image with this config gets: moby's {@code image.ID(digest.FromBytes(config))}. */
  public static ImageId fromConfig(byte[] configJson) {
    return of(Digest.sha256(configJson));
  }

  public Digest digest() {
    return new Digest("sha256", hex);
  }

  /** moby's {@code stringid.TruncateID}: the 12 hex characters that conflict messages quote. */
  public String shortId() {
    return hex.substring(0, 12);
  }

  /**
   * moby's {@code isImageIDPrefix}: whether the user's string names this image by ID, with or
   * without the {@code sha256:} prefix. It decides whether a delete untags or deletes, so the empty
   * string and a bare {@code sha256:} count as prefixes, exactly as upstream.
   */
  public boolean hasPrefix(String possiblePrefix) {
    return toString().startsWith(possiblePrefix) || hex.startsWith(possiblePrefix);
  }

  @JsonValue
  @Override
  public String toString() {
    return PREFIX + hex;
  }
}
