package io.imagesaga.audit;

import io.imagesaga.container.ContainerEvent;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.image.ImageState;
import io.imagesaga.layer.LayerEvent;
import io.imagesaga.layer.LayerState;
import io.imagesaga.reference.ImageId;
import io.imagesaga.repository.RepositoryEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code audit verify}: replays the log and checks invariants 1 to 4 of {@code design.md}
 * whenever no delete saga or operation is in flight (the invariants are promised at those points
 * only; inside a saga its steps are allowed to be half way). Invariant 3 is about a moment, not a
 * state: it is checked as each image is deleted, since a container that an {@code rmi -f} left
 * on a deleted image may well be started afterwards. Only what changed since the last
 * check is checked, against {@link GraphIndex}, so a replay stays linear in the log's length.
 */
public final class InvariantCheck {
  /** Records kept for a report: the window since the invariants last held, at most this many. */
  private static final int WINDOW = 100_000;

  private final JournalState state = new JournalState();
  private final GraphIndex index = new GraphIndex();
  private final Deque<JournalRecord> window = new ArrayDeque<>();
  private final Set<ImageId> images = new HashSet<>();
  private final Set<String> repositories = new HashSet<>();
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
    } else if (event instanceof RepositoryEvent e) {
      state.apply(record);
      repositories.add(record.entityId());
    } else if (event instanceof ContainerEvent e) {
      state.apply(record);
      index.container(record.entityId(), e, state.container(record.entityId()));
    } else {
      state.apply(record);
    }
    remember(record);
    if (event instanceof ImageEvent.Deleted && violation == null) {
      report(ImageChecks.deletedWhileRunning(state, index, ImageId.parse(record.entityId())),
          record);
    }
    if (state.quiescent() && violation == null) {
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

  private void applyImage(JournalRecord record) {
    ImageId id = ImageId.parse(record.entityId());
    ImageState before = state.image(id);
    state.apply(record);
    ImageState after = state.image(id);
    index.image(id, before, after);
    images.add(id);
    for (ImageState side : List.of(before, after)) {
      if (side.metadata() != null) {
        side.metadata().topLayer().ifPresent(layer -> layers.add(layer.toString()));
      }
    }
  }

  private void applyLayer(JournalRecord record) {
    LayerState before = state.layer(record.entityId());
    state.apply(record);
    LayerState after = state.layer(record.entityId());
    index.layer(before, after);
    layers.add(record.entityId());
    before.parent().ifPresent(parent -> layers.add(parent.toString()));
    after.parent().ifPresent(parent -> layers.add(parent.toString()));
  }

  private void remember(JournalRecord record) {
    window.addLast(record);
    if (window.size() > WINDOW) {
      window.removeFirst();
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
    repositories.clear();
    layers.clear();
    window.clear();
  }

  private void report(Problem problem, JournalRecord after) {
    if (problem != null) {
      violation = new Violation(problem.invariant(), problem.description(), after,
          involved(problem.description()));
    }
  }

  /** The first problem among what changed since the last check, or null. */
  private Problem firstProblem() {
    for (String repository : repositories) {
      for (Map.Entry<String, ImageId> ref : state.repository(repository).entrySet()) {
        ImageState image = state.image(ref.getValue());
        if (!image.isPresent() || image.references().stream()
            .noneMatch(r -> r.toString().equals(ref.getKey()))) {
          return new Problem(1, "repository " + repository + " points " + ref.getKey() + " at "
              + ref.getValue() + ", which " + (image.isPresent() ? "does not list it"
              : "is not present"));
        }
      }
    }
    for (ImageId image : images) {
      Problem problem = ImageChecks.problem(state, index, image);
      if (problem != null) {
        return problem;
      }
    }
    for (String layer : layers) {
      LayerState layerState = state.layer(layer);
      if (layerState.holders() != index.holders(layer)) {
        return new Problem(4, "layer " + layer + " counts " + layerState.holders() + " holders; "
            + index.holders(layer) + " present images and layers hold it");
      }
    }
    return null;
  }

  /** The window's records of the entities a problem's description names. */
  private List<JournalRecord> involved(String description) {
    return window.stream().filter(r -> description.contains(r.entityId())).toList();
  }
}
