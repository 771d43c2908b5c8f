package io.imagesaga.deletion;

import io.imagesaga.CborSerializable;
import io.imagesaga.Provenance;
import io.imagesaga.Rejection;
import io.imagesaga.image.DeleteOutcome;
import io.imagesaga.reference.ImageId;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;

/** What {@link DeletionEntity} is asked to do, and what it tells itself. */
public sealed interface DeletionCommand extends CborSerializable {

  /**
   * {@code DELETE /images/{input}}. The reply comes once the saga has finished and journaled
   * its end.
   *
   * @param expected when present, the delete happens only if the name resolves to this image;
   *     otherwise it is refused with {@link Rejection.PreconditionFailed} and nothing changes
   * @param provenance who asked, journaled with the plan
   */
  record Start(String input, DeleteOptions options, Optional<ImageId> expected,
      Provenance provenance, ActorRef<Result> replyTo) implements DeletionCommand {}

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
  sealed interface Result extends CborSerializable permits Deleted, Refused, Unavailable {}

  record Deleted(List<DeleteRecord> records) implements Result {}

  record Refused(Rejection rejection) implements Result {}

  /** The name could not be resolved for a reason other than the request (a timeout). */
  record Unavailable(String reason) implements Result {}

  /** The name resolved: the plan to persist, with who asked for it, and run. */
  record Planned(DeletePlan plan, Provenance provenance, ActorRef<Result> replyTo)
      implements DeletionCommand {}

  /** The name did not resolve, or not to the expected image: nothing happened. */
  record NotPlanned(Rejection rejection, ActorRef<Result> replyTo) implements DeletionCommand {}

  /** Resolving the name failed for a reason other than the request. */
  record NotResolved(String reason, ActorRef<Result> replyTo) implements DeletionCommand {}

  /** What the target image says of this saga, asked when resuming. */
  record Recalled(DeleteOutcome outcome) implements DeletionCommand {}

  /** The steps ran to their end: the records, or the rejection that stopped them. */
  record StepsEnded(Result result) implements DeletionCommand {}

  /** A step failed for want of an answer (a timeout, a node lost): try again shortly. */
  record StepsInterrupted(String reason) implements DeletionCommand {}

  /** Time to try the steps again. */
  enum Retry implements DeletionCommand {
    INSTANCE
  }
}
