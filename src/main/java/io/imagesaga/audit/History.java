package io.imagesaga.audit;

import io.imagesaga.container.ContainerEvent;
import io.imagesaga.deletion.DeletionEvent;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.operation.OperationEvent;
import io.imagesaga.operation.OperationPlan;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.repository.RepositoryEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code audit history}: every record that touched one image or one reference, in write order:
 * its own events, the repository moves, the containers created on the image, and the delete
 * sagas and operations that named it, from their start (with who asked) to their end.
 */
public final class History {
  private final Subject subject;
  private final Set<String> followed = new HashSet<>();
  private final List<JournalRecord> records = new ArrayList<>();

  public History(Subject subject) {
    this.subject = subject;
  }

  /** What a history is about: an image, or a reference (a tag or a digest of a repository). */
  public sealed interface Subject {
    record Image(ImageId id) implements Subject {}

    record Reference(NamedReference reference) implements Subject {}
  }

  /** Offers the next record of the log; keeps it if it touched the subject. */
  public void accept(JournalRecord record) {
    if (followed.contains(record.persistenceId()) || touches(record.event(),
        record.persistenceId())) {
      records.add(record);
    }
  }

  /** The records kept so far, in write order. */
  public List<JournalRecord> records() {
    return List.copyOf(records);
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
    if (event instanceof ImageEvent) {
      return persistenceId.equals("Image|" + id);
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
    }
    return false;
  }

  private static boolean touchesReference(NamedReference ref, Object event) {
    if (event instanceof ImageEvent.ReferenceAdded e) {
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
