package io.imagesaga.audit;

import io.imagesaga.Provenance;
import io.imagesaga.container.ContainerEvent;
import io.imagesaga.deletion.DeletionEntity;
import io.imagesaga.deletion.DeletionEvent;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.layer.LayerEvent;
import io.imagesaga.operation.OperationEntity;
import io.imagesaga.operation.OperationEvent;
import io.imagesaga.repository.RepositoryEvent;
import io.imagesaga.security.AccessEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The records of one client: those of its requests (the start of a delete or an operation, a
 * refused request) and what those deletes and operations wrote, to their end, as far as the
 * journal names the delete or operation an event was written for. A client is named by a part
 * of what {@link Provenance} records of it: its certificate subject, its address or its user
 * agent. Offered the log in write order from its start, as a delete's steps come after the
 * start that tells who asked.
 */
final class ClientMatch {
  /**
   * How many records back a step's {@link ImageEvent.StepTaken} may claim: the image events of
   * the step, written before it in the same atomic write.
   */
  static final int STEP_WRITE = 64;

  private final String part;
  /** The deletes and operations of the client still running, by persistence ID. */
  private final Set<String> running = new HashSet<>();
  /** The latest records not the client's, newest last. */
  private final Deque<JournalRecord> recent = new ArrayDeque<>();

  ClientMatch(String part) {
    this.part = part;
  }

  /**
   * Offers the next record of the log; answers those it shows to be the client's, in write
   * order: none, the record, or a step's record with the image events written before it.
   */
  List<JournalRecord> offer(JournalRecord record) {
    Object event = record.event();
    boolean mine = asked(record)
        || running.contains(record.persistenceId())
        || causesOf(event).stream().anyMatch(running::contains);
    if (mine && (event instanceof DeletionEvent.Started
        || event instanceof OperationEvent.Started)) {
      running.add(record.persistenceId());
    } else if (event instanceof DeletionEvent || event instanceof OperationEvent) {
      running.remove(record.persistenceId());
    }
    if (!mine) {
      recent.addLast(record);
      if (recent.size() > STEP_WRITE) {
        recent.removeFirst();
      }
      return List.of();
    }
    List<JournalRecord> claimed = event instanceof ImageEvent.StepTaken ? stepWrite(record)
        : new ArrayList<>();
    claimed.add(record);
    return claimed;
  }

  /**
   * The image's events just before its step in the same write: the records right before it in
   * the log, all of that image, without a gap in its sequence numbers (a write is one run of
   * offsets; the delete's start, or an earlier step, comes before it).
   */
  private List<JournalRecord> stepWrite(JournalRecord step) {
    List<JournalRecord> write = new ArrayList<>();
    long sequenceNr = step.sequenceNr() - 1;
    long offset = step.offset() - 1;
    for (var it = recent.descendingIterator(); it.hasNext(); sequenceNr--, offset--) {
      JournalRecord earlier = it.next();
      if (earlier.offset() != offset || earlier.sequenceNr() != sequenceNr
          || !earlier.persistenceId().equals(step.persistenceId())
          || earlier.event() instanceof ImageEvent.StepTaken) {
        break;
      }
      write.add(0, earlier);
      it.remove();
    }
    return write;
  }

  /**
   * Whether the record says the client asked for it (a request's start, a refusal): what
   * makes {@link #offer} answer a start, so a start offered long ago can be told again
   * without holding every offset answered since.
   */
  boolean asked(JournalRecord record) {
    return askedBy(record.event()).map(this::names).orElse(false);
  }

  private boolean names(Provenance provenance) {
    return provenance.client().contains(part) || provenance.remoteAddress().contains(part)
        || provenance.userAgent().contains(part);
  }

  /** Who asked for the event, if it records that: a request's start, a refusal. */
  static Optional<Provenance> askedBy(Object event) {
    if (event instanceof DeletionEvent.Started e) {
      return Optional.of(e.provenance());
    } else if (event instanceof OperationEvent.Started e) {
      return Optional.of(e.provenance());
    } else if (event instanceof AccessEvent.Refused e) {
      return Optional.of(e.provenance());
    } else if (event instanceof AccessEvent.RefusalsRepeated e) {
      return Optional.of(e.last().provenance());
    }
    return Optional.empty();
  }

  /**
   * The deletes or operations an event names as the one it was written for: those {@link
   * History} follows, and the references, layers and container states a step changed. A
   * layer's step is {@code <saga or operation>/<holder>}, so it may stand for either.
   */
  private static List<String> causesOf(Object event) {
    if (event instanceof RepositoryEvent.ReferencesRemoved e && e.step() != null) {
      return List.of(deletion(e.step()));
    } else if (event instanceof LayerEvent.Created e) {
      return stepOf(e.step());
    } else if (event instanceof LayerEvent.HolderAdded e) {
      return stepOf(e.step());
    } else if (event instanceof LayerEvent.HolderReleased e) {
      return stepOf(e.step());
    } else if (event instanceof LayerEvent.Removed e) {
      return stepOf(e.step());
    } else if (event instanceof ContainerEvent.Started e && e.operationId() != null) {
      return List.of(operation(e.operationId()));
    } else if (event instanceof ContainerEvent.Stopped e && e.operationId() != null) {
      return List.of(operation(e.operationId()));
    }
    return History.causeOf(event).stream().toList();
  }

  private static List<String> stepOf(String step) {
    if (step == null) {
      return List.of();
    }
    int slash = step.indexOf('/');
    String id = slash < 0 ? step : step.substring(0, slash);
    return List.of(deletion(id), operation(id));
  }

  private static String deletion(String id) {
    return JournalRecord.persistenceId(DeletionEntity.ENTITY_TYPE_KEY, id);
  }

  private static String operation(String id) {
    return JournalRecord.persistenceId(OperationEntity.ENTITY_TYPE_KEY, id);
  }
}
