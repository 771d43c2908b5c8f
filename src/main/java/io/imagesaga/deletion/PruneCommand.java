package io.imagesaga.deletion;

import io.imagesaga.CborSerializable;
import io.imagesaga.Confirmation;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/** What {@link PruneEntity} is asked to do. */
public sealed interface PruneCommand extends CborSerializable {

  /** A prune finished: journal it, as dockerd's {@code prune} event, with the bytes it freed. */
  record RecordCompleted(long reclaimed, ActorRef<Confirmation> replyTo)
      implements PruneCommand {}

  /** A dry run's plan, kept until it is executed (or crowded out by newer ones). */
  record RecordPlan(PrunePlan plan, ActorRef<Confirmation> replyTo) implements PruneCommand {}

  /** Hands the plan over for execution, once: a second ask finds nothing. */
  record TakePlan(String token, ActorRef<TakenPlan> replyTo) implements PruneCommand {}

  record TakenPlan(Optional<PrunePlan> plan) implements CborSerializable {}
}
