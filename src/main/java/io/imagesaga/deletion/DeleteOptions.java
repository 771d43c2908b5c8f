package io.imagesaga.deletion;

/**
 * The options of {@code DELETE /images/{name}}.
 *
 * @param force remove the image even if stopped containers use it or it has other references;
 *     never overrides a child image or a running container
 * @param prune also delete, quietly, the parents left untagged and unused
 */
public record DeleteOptions(boolean force, boolean prune) {

  /** {@code docker rmi NAME}. */
  public static DeleteOptions defaults() {
    return new DeleteOptions(false, true);
  }

  public DeleteOptions withForce() {
    return new DeleteOptions(true, prune);
  }

  public DeleteOptions withoutPrune() {
    return new DeleteOptions(force, false);
  }
}
