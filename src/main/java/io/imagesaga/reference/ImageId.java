package io.imagesaga.reference;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** An image ID: the sha256 of its config, {@code sha256:<64 lower hex>}. */
public record ImageId(String hex) {
  private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

  public ImageId {
    if (!HEX64.matcher(hex).matches()) {
      throw new IllegalArgumentException("invalid image ID " + hex);
    }
  }

  /** {@code sha256:<hex>} or bare {@code <hex>}. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static ImageId parse(String s) {
    return new ImageId(s.startsWith("sha256:") ? s.substring("sha256:".length()) : s);
  }

  public static ImageId of(Digest digest) {
    if (!digest.algorithm().equals("sha256")) {
      throw new IllegalArgumentException("image IDs are sha256 digests: " + digest);
    }
    return new ImageId(digest.encoded());
  }

  public static ImageId fromConfig(byte[] configJson) {
    return of(Digest.sha256(configJson));
  }

  public Digest digest() {
    return new Digest("sha256", hex);
  }

  /** moby's {@code stringid.TruncateID}: the first 12 hex characters. */
  public String shortId() {
    return hex.substring(0, 12);
  }

  /** moby's {@code isImageIDPrefix}: {@code s} starts the ID with or without "sha256:". */
  public boolean hasPrefix(String s) {
    return toString().startsWith(s) || hex.startsWith(s);
  }

  @JsonValue
  @Override
  public String toString() {
    return "sha256:" + hex;
  }
}
