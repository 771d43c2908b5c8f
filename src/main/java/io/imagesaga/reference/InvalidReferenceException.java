package io.imagesaga.reference;

/**
 * A string that Docker's reference grammar (distribution/reference, go-digest) rejects.
 *
 * <p>{@link #getMessage()} is the upstream error text verbatim, because moby returns it to the
 * client as the body of a 400 ({@code errdefs.InvalidParameter}); callers map the exception type,
 * never the text. No stack trace is captured: these are expected user errors, not bugs.
 */
public final class InvalidReferenceException extends Exception {
  private static final long serialVersionUID = 1L;

  // distribution/reference (reference.go, normalize.go)
  static final String INVALID_FORMAT = "invalid reference format";
  static final String INVALID_TAG = "invalid tag format";
  static final String NAME_UPPERCASE = "repository name must be lowercase";
  static final String NAME_UPPERCASE_NORMALIZED = INVALID_FORMAT + ": " + NAME_UPPERCASE;
  static final String NAME_EMPTY = "repository name must have at least one component";
  static final String NAME_TOO_LONG =
      "repository name must not be more than " + Grammar.NAME_TOTAL_LENGTH_MAX + " characters";

  // go-digest v1.0.0 (digest.go, algorithm.go)
  static final String DIGEST_INVALID_FORMAT = "invalid checksum digest format";
  static final String DIGEST_INVALID_LENGTH = "invalid checksum digest length";
  static final String DIGEST_UNSUPPORTED = "unsupported digest algorithm";

  public InvalidReferenceException(String message) {
    super(message, null, false, false);
  }

  static InvalidReferenceException hexadecimalName(String s) {
    return new InvalidReferenceException(
        "invalid repository name (" + s + "), cannot specify 64-byte hexadecimal strings");
  }
}
