package io.imagesaga.reference;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/** A content digest as go-digest validates it: {@code sha256|sha384|sha512 ":" lower hex}. */
public record Digest(String algorithm, String encoded) {
  private static final Map<String, Integer> HEX_LENGTHS =
      Map.of("sha256", 64, "sha384", 96, "sha512", 128);
  private static final Pattern ANY_DIGEST =
      Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");
  private static final Pattern LOWER_HEX = Pattern.compile("[a-f0-9]+");

  public Digest {
    if (!HEX_LENGTHS.containsKey(algorithm) || encoded.length() != HEX_LENGTHS.get(algorithm)
        || !LOWER_HEX.matcher(encoded).matches()) {
      throw new IllegalArgumentException("invalid digest " + algorithm + ":" + encoded);
    }
  }

  /** go-digest's {@code Parse}, with its error texts. */
  public static Digest parse(String s) throws InvalidReferenceException {
    int colon = s.indexOf(':');
    if (colon <= 0 || colon + 1 == s.length()) {
      throw new InvalidReferenceException("invalid checksum digest format");
    }
    String algorithm = s.substring(0, colon);
    String encoded = s.substring(colon + 1);
    Integer length = HEX_LENGTHS.get(algorithm);
    if (length == null) {
      throw new InvalidReferenceException(ANY_DIGEST.matcher(s).matches()
          ? "unsupported digest algorithm" : "invalid checksum digest format");
    }
    if (encoded.length() != length) {
      throw new InvalidReferenceException("invalid checksum digest length");
    }
    if (!LOWER_HEX.matcher(encoded).matches()) {
      throw new InvalidReferenceException("invalid checksum digest format");
    }
    return new Digest(algorithm, encoded);
  }

  public static Digest sha256(byte[] content) {
    try {
      return new Digest("sha256",
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Digest fromJson(String s) {
    try {
      return parse(s);
    } catch (InvalidReferenceException e) {
      throw new IllegalArgumentException(e.getMessage() + ": " + s);
    }
  }

  @JsonValue
  @Override
  public String toString() {
    return algorithm + ":" + encoded;
  }
}
