package io.imagesaga.repository;

import io.imagesaga.Confirmation;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.repository.RepositoryCommand.Forget;
import io.imagesaga.repository.RepositoryCommand.Get;
import io.imagesaga.repository.RepositoryCommand.RemoveReferences;
import io.imagesaga.repository.RepositoryCommand.Resolution;
import io.imagesaga.repository.RepositoryCommand.Resolve;
import io.imagesaga.repository.RepositoryCommand.SetReference;
import io.imagesaga.repository.RepositoryEvent.ReferenceSet;
import io.imagesaga.repository.RepositoryEvent.ReferencesRemoved;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The commands a repository received while it was busy, decided together as if one after
 * another (pure): each sees the state the ones before it left, so their events and answers are
 * those of the commands run in turn. The entity journals the events in one write and answers
 * after it: a repository that many loads or tags address at once syncs once for all of them
 * instead of once each. Answers go out only after the write, so no one ever reads a state that
 * is not yet journaled.
 *
 * @param events what to journal, in order
 * @param replies the answers to send once it is journaled, in order
 * @param state the state after the events
 */
record RepositoryBatch(List<RepositoryEvent> events, List<Runnable> replies,
    RepositoryState state) {

  /** {@code commands} (reads and writes, in arrival order) decided on {@code state}. */
  static RepositoryBatch of(RepositoryState state, List<RepositoryCommand> commands,
      Instant at) {
    RepositoryBatch batch = new RepositoryBatch(new ArrayList<>(), new ArrayList<>(), state);
    for (RepositoryCommand command : commands) {
      batch = batch.then(command, at);
    }
    return batch;
  }

  private RepositoryBatch then(RepositoryCommand command, Instant at) {
    RepositoryState now = state;
    Optional<RepositoryEvent> event = Optional.empty();
    if (command instanceof Resolve c) {
      replies.add(() -> c.replyTo().tell(new Resolution(now.lookup(c.reference()))));
    } else if (command instanceof Get c) {
      replies.add(() -> c.replyTo().tell(now));
    } else if (command instanceof SetReference c) {
      event = setReference(now, c, at);
    } else if (command instanceof RemoveReferences c) {
      event = removeReferences(now, c, at);
    } else if (command instanceof Forget c) {
      replies.add(() -> c.replyTo().tell(Confirmation.confirmed()));
      event = now.remembers(c.operationId())
          ? Optional.of(new RepositoryEvent.StepsForgotten(c.operationId(), at))
          : Optional.empty();
    } else {
      throw new IllegalArgumentException("not a command to batch: " + command);
    }
    event.ifPresent(events::add);
    return new RepositoryBatch(events, replies, event.map(now::apply).orElse(now));
  }

  /**
   * The move, unless the operation made it already (answered as then) or the reference names
   * the image already.
   */
  private Optional<RepositoryEvent> setReference(RepositoryState now, SetReference c,
      Instant at) {
    Optional<ReferenceSet> earlier = now.moveBy(c.operationId());
    Optional<ImageId> previous = earlier.isPresent() ? earlier.get().previous()
        : now.lookup(c.reference());
    replies.add(() -> c.replyTo().tell(new Resolution(previous)));
    if (earlier.isPresent() || previous.equals(Optional.of(c.image()))) {
      return Optional.empty();
    }
    return Optional.of(new ReferenceSet(c.reference(), c.image(), previous, c.operationId(), at,
        true));
  }

  private Optional<RepositoryEvent> removeReferences(RepositoryState now, RemoveReferences c,
      Instant at) {
    replies.add(() -> c.replyTo().tell(Confirmation.confirmed()));
    if (c.step() != null && now.removed(c.step())) {
      return Optional.empty();
    }
    List<NamedReference> removable = now.pointingAt(c.references(), c.image());
    // A saga's removal is journaled even when it removes nothing (its references moved away
    // meanwhile): asked again, it must not remove one pointed back at the image since.
    if (removable.isEmpty() && c.step() == null) {
      return Optional.empty();
    }
    return Optional.of(new ReferencesRemoved(removable, c.image(), at, c.step()));
  }
}
