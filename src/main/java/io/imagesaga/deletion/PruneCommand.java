package io.imagesaga.deletion;

import io.imagesaga.CborSerializable;
import io.imagesaga.Confirmation;
import org.apache.pekko.actor.typed.ActorRef;

/** What {@link PruneEntity} is asked to do. */
public sealed interface PruneCommand extends CborSerializable {

  /** A prune finished: journal it, as dockerd's {@code prune} event, with the bytes it freed. */
  record RecordCompleted(long reclaimed, ActorRef<Confirmation> replyTo)
      implements PruneCommand {}
}
