package io.imagesaga.checkpoint;

/**
 * A saved checkpoint does not belong to the journal beside it (the journal was replaced,
 * restored from an older copy, or emptied): it is dropped and the tag read from its start.
 */
public final class CheckpointMismatch extends RuntimeException {
  public CheckpointMismatch(String message) {
    super(message);
  }
}
