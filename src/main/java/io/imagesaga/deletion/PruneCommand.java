package io.imagesaga.deletion;

import io.imagesaga.CborSerializable;
import io.imagesaga.Confirmation;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/** What {@link PruneEntity} is asked to do. */
public sealed interface PruneCommand extends CborSerializable {

  /**
   * A prune finished: journal it, as dockerd's {@code prune} event, with the bytes it freed; a
   * fleet prune's part also with its key and records (see {@link PruneEvent.Completed}).
   */
  record RecordCompleted(long reclaimed, String key, List<DeleteRecord> records,
      ActorRef<Confirmation> replyTo) implements PruneCommand {

    public RecordCompleted(long reclaimed, ActorRef<Confirmation> replyTo) {
      this(reclaimed, null, null, replyTo);
    }
  }

  /** The records of the prune completed for {@code key}, if it is still remembered. */
  record GetCompleted(String key, ActorRef<CompletedOnce> replyTo) implements PruneCommand {}

  record CompletedOnce(Optional<List<DeleteRecord>> records) implements CborSerializable {}

}
