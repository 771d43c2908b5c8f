package io.imagesaga.audit;

import io.imagesaga.container.ContainerEvent;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.image.ImageState;
import io.imagesaga.layer.LayerEvent;
import io.imagesaga.layer.LayerState;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.repository.RepositoryEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code audit verify}: replays the log and checks invariants 1 to 4 of {@code docs/design.md}
 * whenever no delete saga or operation is in flight (the invariants are promised at those points
 * only; inside a saga its steps are allowed to be half way), and invariant 3 as each image is
 * deleted (a container an {@code rmi -f} left on a deleted image may be started later). Only
 * what changed since the last check is checked, against {@link GraphIndex}, so a replay stays
 * linear in the log's length.
 */
public final class InvariantCheck {
  private final JournalState state = new JournalState();
  private final GraphIndex index = new GraphIndex();
  private final Set<ImageId> images = new HashSet<>();
  private final Set<NamedReference> references = new HashSet<>();
  private final Set<String> layers = new HashSet<>();
  private Violation violation;
  private long checks;
  private long checkedAt;

  /** Applies the next record; checks if the log is at rest after it. */
  public void apply(JournalRecord record) {
    Object event = record.event();
    if (event instanceof ImageEvent) {
      applyImage(record);
    } else if (event instanceof LayerEvent) {
      applyLayer(record);
    } else if (event instanceof RepositoryEvent.ReferenceSet e) {
      state.apply(record);
      references.add(e.reference());
    } else if (event instanceof RepositoryEvent.ReferencesRemoved e) {
      state.apply(record);
      references.addAll(e.references());
    } else if (event instanceof ContainerEvent e) {
      state.apply(record);
      index.container(record.entityId(), e, state.container(record.entityId()));
    } else {
      state.apply(record);
    }
    if (event instanceof ImageEvent.Deleted && violation == null && state.gap().isEmpty()) {
      report(ImageChecks.deletedWhileRunning(state, index, ImageId.parse(record.entityId())),
          record);
    }
    if (state.quiescent() && violation == null && state.gap().isEmpty()) {
      check(record);
    }
  }

  /** The first violation found, if any; the replay can stop there. */
  public Optional<Violation> violation() {
    return Optional.ofNullable(violation);
  }

  /** The state replayed so far. */
  public JournalState state() {
    return state;
  }

  /** How many times the invariants were checked (points at which no saga was in flight). */
  public long checks() {
    return checks;
  }

  /** The offset of the last record after which the invariants were checked and held. */
  public long checkedAt() {
    return checkedAt;
  }

  /**
   * Marks what an image event changed. Most image events (steps, leases, children, containers)
   * change none of what the indexes hold; only presence, metadata or references count.
   */
  private void applyImage(JournalRecord record) {
    ImageId id = ImageId.parse(record.entityId());
    ImageState old = (ImageState) state.apply(record);
    ImageState before = old == null ? ImageState.absent() : old;
    ImageState after = state.image(id);
    images.add(id);
    boolean indexed = before.isPresent() != after.isPresent()
        || before.metadata() != after.metadata();
    if (indexed || !before.references().equals(after.references())) {
      index.image(id, before, after);
      references.addAll(before.references());
      references.addAll(after.references());
    }
    if (indexed) {
      for (ImageState side : List.of(before, after)) {
        if (side.metadata() != null) {
          side.metadata().topLayer().ifPresent(layer -> layers.add(layer.toString()));
        }
      }
    }
  }

  private void applyLayer(JournalRecord record) {
    LayerState old = (LayerState) state.apply(record);
    LayerState before = old == null ? LayerState.absent() : old;
    LayerState after = state.layer(record.entityId());
    layers.add(record.entityId());
    if (before.isPresent() != after.isPresent()) {
      index.layer(before, after);
      before.parent().ifPresent(parent -> layers.add(parent.toString()));
      after.parent().ifPresent(parent -> layers.add(parent.toString()));
    }
  }

  private void check(JournalRecord after) {
    checks++;
    Problem problem = firstProblem();
    if (problem != null) {
      report(problem, after);
      return;
    }
    checkedAt = after.offset();
    images.clear();
    references.clear();
    layers.clear();
  }

  private void report(Problem problem, JournalRecord after) {
    if (problem != null) {
      violation = new Violation(problem.invariant(), problem.description(), after,
          problem.entities());
    }
  }

  /** The first problem among what changed since the last check, or null. */
  private Problem firstProblem() {
    for (NamedReference reference : references) {
      Problem problem = ImageChecks.reference(state, index, reference);
      if (problem != null) {
        return problem;
      }
    }
    for (ImageId image : images) {
      Problem problem = ImageChecks.problem(state, index, image);
      if (problem != null) {
        return problem;
      }
    }
    for (String layer : layers) {
      int holders = state.layer(layer).holders().size();
      if (holders != index.holders(layer)) {
        return new Problem(4, "layer " + layer + " counts " + holders
            + " holders; " + index.holders(layer) + " present images and layers hold it",
            Set.of(Problem.layer(layer)));
      }
    }
    return null;
  }
}
