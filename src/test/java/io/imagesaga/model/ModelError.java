package io.imagesaga.model;

/** Internal short-cut out of a model operation, turned into {@link ModelResult.Error}. */
final class ModelError extends RuntimeException {
  final int status;

  ModelError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }
}
