package io.imagesaga.audit;

import io.imagesaga.container.ContainerEvent;
import io.imagesaga.deletion.DeletionEntity;
import io.imagesaga.deletion.DeletionEvent;
import io.imagesaga.image.DeleteOutcome;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.operation.OperationEntity;
import io.imagesaga.operation.OperationEvent;
import io.imagesaga.operation.OperationPlan;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import io.imagesaga.repository.RepositoryEvent;
import io.imagesaga.security.AccessEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code audit history}: every record that touched one image or one reference, in write order:
 * its own events, the repository moves, the containers created on the image, and the delete
 * sagas and operations that named it, from their start (with who asked) to their end, and the
 * requests naming it that were refused.
 */
public final class History {
  private static final int SHORT_ID = 12;
  private final Subject subject;
  private final Set<String> followed = new HashSet<>();
  private final Map<String, JournalRecord> started = new HashMap<>();
  private final List<JournalRecord> records = new ArrayList<>();
  private final Consumer<JournalRecord> kept;

  /** A history that holds what it keeps, for {@link #records}. */
  public History(Subject subject) {
    this.subject = subject;
    this.kept = records::add;
  }

  /**
   * A history that hands each record it keeps to {@code kept} and holds none: most in write
   * order, but the start of a delete found by a later step comes after that step.
   */
  History(Subject subject, Consumer<JournalRecord> kept) {
    this.subject = subject;
    this.kept = kept;
  }

  /** What a history is about: an image, or a reference (a tag or a digest of a repository). */
  public sealed interface Subject {
    record Image(ImageId id) implements Subject {}

    record Reference(NamedReference reference) implements Subject {}
  }

  /** Offers the next record of the log; keeps it if it touched the subject. */
  public void accept(JournalRecord record) {
    Object event = record.event();
    if (event instanceof DeletionEvent.Started || event instanceof OperationEvent.Started) {
      started.put(record.persistenceId(), record);
    }
    if (followed.contains(record.persistenceId()) || touches(event, record.persistenceId())) {
      kept.accept(record);
      causeOf(event).filter(cause -> !followed.contains(cause) && started.containsKey(cause))
          .ifPresent(cause -> {
            kept.accept(started.get(cause));
            followed.add(cause);
          });
    }
    if (event instanceof DeletionEvent && !(event instanceof DeletionEvent.Started)
        || event instanceof OperationEvent && !(event instanceof OperationEvent.Started)) {
      // Its end: nothing is written for it after, so neither its start nor its ID is kept.
      started.remove(record.persistenceId());
      followed.remove(record.persistenceId());
    }
  }

  /**
   * The lowest offset a record handed over from now on may have: that of the oldest start of
   * a delete or operation still open, which a later step may bring in; else {@code next}, the
   * offset of the record to be offered next.
   */
  long oldestStillPossible(long next) {
    return started.values().stream().mapToLong(JournalRecord::offset).min().orElse(next);
  }

  /**
   * The records kept so far, in write order; none for a history made with a consumer, which
   * hands them over instead. A saga or operation that touched the subject without naming it in
   * its plan (a delete pruning a parent) is found by its step, and its start (who asked) is
   * listed where it was written.
   */
  public List<JournalRecord> records() {
    return records.stream().sorted(Comparator.comparingLong(JournalRecord::offset)).toList();
  }

  /** The saga or operation an event names as the one it was written for. */
  static Optional<String> causeOf(Object event) {
    if (event instanceof ImageEvent.StepTaken e) {
      return Optional.of(JournalRecord.persistenceId(DeletionEntity.ENTITY_TYPE_KEY, e.sagaId()));
    } else if (event instanceof ImageEvent.Registered e) {
      return Optional.of(
          JournalRecord.persistenceId(OperationEntity.ENTITY_TYPE_KEY, e.operationId()));
    } else if (event instanceof RepositoryEvent.ReferenceSet e && e.operationId() != null) {
      return Optional.of(
          JournalRecord.persistenceId(OperationEntity.ENTITY_TYPE_KEY, e.operationId()));
    }
    return Optional.empty();
  }

  private boolean touches(Object event, String persistenceId) {
    boolean starts = event instanceof DeletionEvent.Started || event instanceof ContainerEvent
        .Created || event instanceof OperationEvent.Started;
    boolean touches = subject instanceof Subject.Image image
        ? touchesImage(image.id(), event, persistenceId)
        : touchesReference(((Subject.Reference) subject).reference(), event);
    if (touches && starts) {
      followed.add(persistenceId);
    }
    return touches;
  }

  private static boolean touchesImage(ImageId id, Object event, String persistenceId) {
    if (event instanceof ImageEvent.StepsForgotten) {
      return false; // bookkeeping of a saga that ended, not a change of the image
    } else if (event instanceof ImageEvent) {
      return persistenceId.equals(Problem.image(id));
    } else if (event instanceof RepositoryEvent.ReferenceSet e) {
      return e.image().equals(id) || e.previous().equals(Optional.of(id));
    } else if (event instanceof RepositoryEvent.ReferencesRemoved e) {
      return e.image().equals(id);
    } else if (event instanceof ContainerEvent.Created e) {
      return e.spec().imageId().equals(id);
    } else if (event instanceof DeletionEvent.Started e) {
      return e.plan().image().equals(id);
    } else if (event instanceof OperationEvent.Started e) {
      return imagesOf(e.plan()).contains(id);
    } else if (event instanceof AccessEvent.Refused e) {
      return namesImage(e.target(), id);
    }
    return false;
  }

  /** A full ID, its hex, or a prefix at least as long as a short ID. */
  private static boolean namesImage(String target, ImageId id) {
    String hex = target.startsWith("sha256:") ? target.substring(7) : target;
    return hex.length() >= SHORT_ID && id.hex().startsWith(hex);
  }

  /** The reference a refused request named, as the reference store would read it. */
  private static Optional<NamedReference> named(String target) {
    try {
      return Optional.of(References.parseNormalizedNamed(target).withDefaultTag()
          .favorDigest());
    } catch (InvalidReferenceException | RuntimeException notAName) {
      return Optional.empty();
    }
  }

  private static boolean touchesReference(NamedReference ref, Object event) {
    if (event instanceof ImageEvent.StepTaken e) {
      return e.outcome() instanceof DeleteOutcome.Done done
          && done.step().removedReferences().contains(ref);
    } else if (event instanceof ImageEvent.ReferenceAdded e) {
      return e.reference().equals(ref);
    } else if (event instanceof ImageEvent.ReferenceRemoved e) {
      return e.reference().equals(ref);
    } else if (event instanceof ImageEvent.Untagged e) {
      return ImageEvent.referencesOf(e).contains(ref);
    } else if (event instanceof RepositoryEvent.ReferenceSet e) {
      return e.reference().equals(ref);
    } else if (event instanceof RepositoryEvent.ReferencesRemoved e) {
      return e.references().contains(ref);
    } else if (event instanceof DeletionEvent.Started e) {
      return e.plan().untag().equals(Optional.of(ref));
    } else if (event instanceof OperationEvent.Started e) {
      return referencesOf(e.plan()).contains(ref);
    } else if (event instanceof AccessEvent.Refused e) {
      return !e.target().isEmpty() && named(e.target()).equals(Optional.of(ref));
    }
    return false;
  }

  private static List<ImageId> imagesOf(OperationPlan plan) {
    if (plan instanceof OperationPlan.SetReference p) {
      return List.of(p.image());
    } else if (plan instanceof OperationPlan.RegisterImage p) {
      return List.of(p.metadata().id());
    } else if (plan instanceof OperationPlan.CreateContainer p) {
      return List.of(p.spec().imageId());
    } else if (plan instanceof OperationPlan.RemoveContainer p) {
      return List.of(p.image());
    } else if (plan instanceof OperationPlan.RunContainer p) {
      return List.of(p.image());
    }
    return List.of();
  }

  private static List<NamedReference> referencesOf(OperationPlan plan) {
    if (plan instanceof OperationPlan.SetReference p) {
      return List.of(p.reference());
    } else if (plan instanceof OperationPlan.RegisterImage p) {
      return p.references();
    }
    return List.of();
  }
}
