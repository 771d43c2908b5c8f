package io.imagesaga.reference;

import static io.imagesaga.reference.InvalidReferenceException.DIGEST_INVALID_FORMAT;
import static io.imagesaga.reference.InvalidReferenceException.DIGEST_INVALID_LENGTH;
import static io.imagesaga.reference.InvalidReferenceException.DIGEST_UNSUPPORTED;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest, {@code <algorithm>:<encoded>}, valid as go-digest v1.0.0 validates it: the
 * algorithm is one that moby registers (sha256, sha384, sha512) and the encoding is lower-case hex
 * of exactly twice the hash size. Every instance is valid; the constructor throws {@link
 * IllegalArgumentException} otherwise, so a digest read back from the journal is as trustworthy as
 * one parsed from a request.
 */
public record Digest(String algorithm, String encoded) {
  private static final Map<String, Integer> HEX_LENGTHS =
      Map.of("sha256", 64, "sha384", 96, "sha512", 128);

  /**
   * go-digest's {@code DigestRegexp}: tells a malformed digest from an unknown algorithm.
   * Possessive where the group repeats, so a long algorithm cannot overflow the stack (see
   * {@link Grammar}).
   */
  private static final Pattern WELL_FORMED =
      Pattern.compile("[a-z0-9]++(?:[.+_-][a-z0-9]++)*+:[a-zA-Z0-9=_-]+");

  public Digest {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(encoded, "encoded");
    if (!HEX_LENGTHS.containsKey(algorithm)) {
      throw new IllegalArgumentException(DIGEST_UNSUPPORTED + ": " + algorithm);
    }
    String problem = encodingProblem(algorithm, encoded);
    if (problem != null) {
      throw new IllegalArgumentException(problem + ": " + algorithm + ":" + encoded);
    }
  }

  /**
   * go-digest's {@code Parse}. Checks, in upstream order: a non-empty algorithm and encoding around
   * the first colon ("invalid checksum digest format"); a registered algorithm ("unsupported digest
   * algorithm" if the string is otherwise well formed, "invalid checksum digest format" if not);
   * the length ("invalid checksum digest length"); lower-case hex ("invalid checksum digest
   * format").
   */
  public static Digest parse(String s) throws InvalidReferenceException {
    int colon = s.indexOf(':');
    if (colon <= 0 || colon + 1 == s.length()) {
      throw new InvalidReferenceException(DIGEST_INVALID_FORMAT);
    }
    String algorithm = s.substring(0, colon);
    String encoded = s.substring(colon + 1);
    if (!HEX_LENGTHS.containsKey(algorithm)) {
      throw new InvalidReferenceException(
          WELL_FORMED.matcher(s).matches() ? DIGEST_UNSUPPORTED : DIGEST_INVALID_FORMAT);
    }
    String problem = encodingProblem(algorithm, encoded);
    if (problem != null) {
      throw new InvalidReferenceException(problem);
    }
    return new Digest(algorithm, encoded);
  }

  /** The sha256 digest of {@code content}: go-digest's {@code FromBytes}. */
  public static Digest sha256(byte[] content) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(content);
      return new Digest("sha256", HexFormat.of().formatHex(hash));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  /** For Jackson: a journal or request holding a bad digest fails loudly. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Digest fromJson(String s) {
    try {
      return parse(s);
    } catch (InvalidReferenceException e) {
      throw new IllegalArgumentException(e.getMessage() + ": " + s, e);
    }
  }

  @JsonValue
  @Override
  public String toString() {
    return algorithm + ":" + encoded;
  }

  private static String encodingProblem(String algorithm, String encoded) {
    if (encoded.length() != HEX_LENGTHS.get(algorithm)) {
      return DIGEST_INVALID_LENGTH;
    }
    return isLowerHex(encoded, encoded.length()) ? null : DIGEST_INVALID_FORMAT;
  }

  /**
   * Whether {@code s} is exactly {@code length} lower-case hex characters. A loop, not a regex:
   * every ID and digest read back from the journal goes through it.
   */
  static boolean isLowerHex(String s, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }
}
