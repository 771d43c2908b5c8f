package io.imagesaga.deletion;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.catalog.NameResolver;
import io.imagesaga.catalog.NameResolver.Resolved;
import io.imagesaga.image.ImageState;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** Turns a delete request into a {@link DeletePlan}: moby's name resolution for {@code rmi}. */
final class DeletePlanner {
  private DeletePlanner() {}

  /**
   * The plan, once the name resolved and, when the request carries a protected list, the image
   * it resolved to carries no protected reference ({@code image} reads its state).
   */
  static CompletionStage<DeletePlan> plan(NameResolver resolver,
      Function<ImageId, CompletionStage<ImageState>> image, DeletionCommand.Start request) {
    if (request.protectedPatterns().isEmpty()) {
      return plan(resolver, request);
    }
    return plan(resolver, request).thenCompose(plan -> image.apply(plan.image())
        .thenApply(state -> {
          Protection.check(state, request.protectedPatterns()).ifPresent(refusal -> {
            throw new RejectedException(refusal);
          });
          return plan;
        }));
  }

  static CompletionStage<DeletePlan> plan(NameResolver resolver, DeletionCommand.Start request) {
    String input = request.input();
    if (input.trim().isEmpty()) {
      return CompletableFuture.failedFuture(new RejectedException(
          new Rejection.InvalidReference("image name cannot be blank")));
    }
    return resolver.resolve(input).thenApply(resolved -> {
      if (request.expected().isPresent() && !request.expected().get().equals(resolved.id())) {
        throw new RejectedException(movedAway(input, request.expected().get()));
      }
      return new DeletePlan(resolved.id(), untag(resolved, input), input, request.options(),
          request.expected());
    });
  }

  /** A name is untagged; an ID or ID prefix deletes the image itself. */
  private static Optional<NamedReference> untag(Resolved resolved, String input) {
    if (resolved.id().hasPrefix(input) || resolved.name().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(resolved.name().get().withDefaultTag());
  }

  static Rejection movedAway(String input, ImageId expected) {
    return new Rejection.PreconditionFailed(
        "precondition failed: " + input + " does not name image " + expected);
  }
}
