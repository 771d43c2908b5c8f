package io.imagesaga.deletion;

import io.imagesaga.CborSerializable;
import io.imagesaga.Provenance;
import io.imagesaga.Rejection;
import io.imagesaga.reference.ImageId;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What callers ask of {@link DeletionEntity}. What the saga tells itself (step results, timers)
 * is private to it ({@link DeletionEntity.Internal}).
 */
public sealed interface DeletionCommand extends CborSerializable
    permits DeletionCommand.Start, DeletionCommand.Settle, DeletionCommand.Resume,
        DeletionEntity.Internal {

  /**
   * {@code DELETE /images/{input}}. The reply comes once the saga has finished and journaled
   * its end.
   *
   * @param expected when present, the delete happens only if the name resolves to this image;
   *     otherwise it is refused with {@link Rejection.PreconditionFailed} and nothing changes
   * @param provenance who asked, journaled with the plan
   * @param protectedPatterns the fleet's protected list ({@link
   *     io.imagesaga.reference.ReferencePattern}): an image carrying a reference one of them
   *     matches is refused before the plan is journaled; empty for a host's own deletes
   */
  record Start(String input, DeleteOptions options, Optional<ImageId> expected,
      Provenance provenance, List<String> protectedPatterns, ActorRef<Result> replyTo)
      implements DeletionCommand {

    public Start {
      protectedPatterns = protectedPatterns == null ? List.of() : List.copyOf(protectedPatterns);
    }

    /** A host's own delete: no protected list. */
    public Start(String input, DeleteOptions options, Optional<ImageId> expected,
        Provenance provenance, ActorRef<Result> replyTo) {
      this(input, options, expected, provenance, List.of(), replyTo);
    }
  }

  /**
   * Answers when the saga has ended (at once if it has, or never started); an unfinished saga
   * is resumed first. Sent to every unfinished saga when a node starts.
   */
  record Settle(ActorRef<Done> replyTo) implements DeletionCommand {}

  /**
   * Carry on if open: sent by the index of open sagas to one that stayed open. If the saga's
   * actor was gone, this message recovers it and recovery resumes it; a live one ignores it.
   */
  enum Resume implements DeletionCommand {
    INSTANCE
  }

  /** The answer to {@link Start}. */
  sealed interface Result extends CborSerializable
      permits Finished, Refused, Unavailable, Abandoned {}

  /** The delete finished: its records, as {@link DeletionEvent.Finished} journaled them. */
  record Finished(List<DeleteRecord> records) implements Result {}

  record Refused(Rejection rejection) implements Result {}

  /** The name could not be resolved for a reason other than the request (a timeout). */
  record Unavailable(String reason) implements Result {}

  /**
   * The saga was abandoned after a crash, before its first step changed anything (its client
   * never had an answer): asked again, it says so; nothing was deleted under its ID.
   */
  enum Abandoned implements Result {
    INSTANCE
  }
}
