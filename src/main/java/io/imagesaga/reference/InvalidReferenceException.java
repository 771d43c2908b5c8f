package io.imagesaga.reference;

/** A name that Docker's reference grammar rejects; the message is distribution's exact text. */
public final class InvalidReferenceException extends Exception {
  public InvalidReferenceException(String message) {
    super(message, null, false, false);
  }
}
