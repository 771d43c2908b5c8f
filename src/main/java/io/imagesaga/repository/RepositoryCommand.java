package io.imagesaga.repository;

import io.imagesaga.CborSerializable;
import io.imagesaga.Confirmation;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What {@link RepositoryEntity} is asked to do. What it tells itself is its own
 * ({@link RepositoryEntity.Flush}).
 */
public sealed interface RepositoryCommand extends CborSerializable
    permits RepositoryCommand.Resolve, RepositoryCommand.SetReference,
        RepositoryCommand.RemoveReferences, RepositoryCommand.Forget, RepositoryCommand.Get,
        RepositoryCommand.Stop, RepositoryEntity.Flush {

  /** The image a tag or digest of this repository points at, if any. */
  record Resolve(NamedReference reference, ActorRef<Resolution> replyTo)
      implements RepositoryCommand {}

  record Resolution(Optional<ImageId> image) implements CborSerializable {}

  /**
   * Points a reference at an image, moving it if it pointed elsewhere; the reply names the image
   * it pointed at before. Asked again for the same operation, the reply is the same.
   */
  record SetReference(NamedReference reference, ImageId image, String operationId,
      ActorRef<Resolution> replyTo) implements RepositoryCommand {}

  /**
   * Forgets the references that still point at {@code image}; others are left alone.
   *
   * @param step the delete saga asking, or null: a saga's removal is remembered until the saga
   *     says to forget it, and asked again it changes nothing, so a saga run again after a crash
   *     never removes a reference that a later write pointed at the image anew
   */
  record RemoveReferences(List<NamedReference> references, ImageId image, String step,
      ActorRef<Confirmation> replyTo) implements RepositoryCommand {

    /** A removal no saga needs to repeat exactly (an operation's re-checked tag). */
    public RemoveReferences(List<NamedReference> references, ImageId image,
        ActorRef<Confirmation> replyTo) {
      this(references, image, null, replyTo);
    }
  }

  /**
   * Operation {@code operationId} has journaled its end and will not ask again: the repository
   * forgets the moves it made for it (none is no error).
   */
  record Forget(String operationId, ActorRef<Confirmation> replyTo)
      implements RepositoryCommand {}

  record Get(ActorRef<RepositoryState> replyTo) implements RepositoryCommand {}

  /**
   * Sharding's stop message: the entity stops once the commands before it are done, while the
   * shard holds the ones after it for the next start.
   */
  enum Stop implements RepositoryCommand {
    INSTANCE
  }
}
