package io.imagesaga.operation;

import io.imagesaga.CborSerializable;
import io.imagesaga.Provenance;
import io.imagesaga.Rejection;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;

/** What {@link OperationEntity} is asked to do, and what it tells itself. */
public sealed interface OperationCommand extends CborSerializable {

  /**
   * Carry out the plan; the reply comes once its end is journaled.
   *
   * @param provenance who asked, journaled with the plan
   */
  record Start(OperationPlan plan, Provenance provenance, ActorRef<Result> replyTo)
      implements OperationCommand {}

  /** Answers once the operation has ended; an unfinished one is carried on first. */
  record Settle(ActorRef<Done> replyTo) implements OperationCommand {}

  /**
   * Carry on if open: sent by the index of open sagas to one that stayed open. If the
   * operation's actor was gone, this message recovers it and recovery carries it on; a live one
   * ignores it.
   */
  enum Resume implements OperationCommand {
    INSTANCE
  }

  /** The answer to {@link Start}. */
  sealed interface Result extends CborSerializable permits Completed, Refused {}

  enum Completed implements Result {
    INSTANCE
  }

  record Refused(Rejection rejection) implements Result {}

  /** The steps ran to their end. */
  record StepsEnded(Result result) implements OperationCommand {}

  /** A step went unanswered (a timeout): try again shortly. */
  record StepsInterrupted(String reason) implements OperationCommand {}

  enum Retry implements OperationCommand {
    INSTANCE
  }
}
