package io.imagesaga.operation;

import io.imagesaga.CborSerializable;
import io.imagesaga.Provenance;
import io.imagesaga.Rejection;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What callers ask of {@link OperationEntity}. What the operation tells itself (step results,
 * timers) is private to it ({@link OperationEntity.Internal}).
 */
public sealed interface OperationCommand extends CborSerializable
    permits OperationCommand.Start, OperationCommand.Settle, OperationCommand.Resume,
        OperationEntity.Internal {

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
}
