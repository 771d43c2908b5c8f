package io.imagesaga.audit;

import io.imagesaga.api.Errors;
import io.imagesaga.deletion.DeleteRecord;
import io.imagesaga.deletion.DeletionEvent;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.modelcheck.Op;
import io.imagesaga.reference.ImageId;
import io.imagesaga.repository.RepositoryEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The history of one reference or image told twice, as comparable lines: from the model's
 * catalogs after each step of a {@link RecordedRun}, and from the records {@link History} kept.
 *
 * <p>A reference's history is what its repository said ({@code set X was Y}, {@code removed
 * from X}) and what the images said ({@code +X} when X gained it, {@code -X} when X lost it;
 * a move gains before it loses). An image's is its lifecycle ({@code Registered},
 * {@code Deleted}) and the deletes that named it, each with its answer.
 */
final class NameHistories {
  private NameHistories() {}

  /** What a reference's repository recorded, from the model. */
  static List<String> repositoryMoves(RecordedRun run, String reference) {
    List<String> moves = new ArrayList<>();
    String before = null;
    for (RecordedRun.Step step : run.steps()) {
      String now = step.catalog().references().get(reference);
      if (!Objects.equals(before, now)) {
        moves.add(now == null ? "removed from " + before
            : "set " + now + " was " + (before == null ? "none" : before));
      }
      before = now;
    }
    return moves;
  }

  /** What the images recorded of a reference, from the model. */
  static List<String> imageMoves(RecordedRun run, String reference) {
    List<String> moves = new ArrayList<>();
    String before = null;
    for (RecordedRun.Step step : run.steps()) {
      String now = step.catalog().references().get(reference);
      if (!Objects.equals(before, now)) {
        if (now != null) {
          moves.add("+" + now);
        }
        if (before != null) {
          moves.add("-" + before);
        }
      }
      before = now;
    }
    return moves;
  }

  /** What the repository recorded of a reference, from its history's records. */
  static List<String> repositoryMoves(List<JournalRecord> history) {
    List<String> moves = new ArrayList<>();
    for (JournalRecord record : history) {
      if (record.event() instanceof RepositoryEvent.ReferenceSet e) {
        moves.add("set " + e.image() + " was " + e.previous().map(ImageId::toString)
            .orElse("none"));
      } else if (record.event() instanceof RepositoryEvent.ReferencesRemoved e) {
        moves.add("removed from " + e.image());
      }
    }
    return moves;
  }

  /** What the images recorded of a reference, from its history's records. */
  static List<String> imageMoves(List<JournalRecord> history) {
    List<String> moves = new ArrayList<>();
    for (JournalRecord record : history) {
      Object event = record.event();
      if (event instanceof ImageEvent.ReferenceAdded) {
        moves.add("+" + record.entityId());
      } else if (event instanceof ImageEvent.ReferenceRemoved
          || event instanceof ImageEvent.Untagged) {
        moves.add("-" + record.entityId());
      }
    }
    return moves;
  }

  /** An image's registrations, deletions and the deletes that named it, from the model. */
  static List<String> imageLife(RecordedRun run, ImageId id) {
    List<String> life = new ArrayList<>();
    boolean present = false;
    for (RecordedRun.Step step : run.steps()) {
      if (step.rmiTarget().filter(id::equals).isPresent()) {
        life.add("rmi " + ((Op.Rmi) step.op()).name() + " -> " + step.answer());
      }
      boolean now = step.catalog().images().containsKey(id.toString());
      if (now != present) {
        life.add(now ? "Registered" : "Deleted");
      }
      present = now;
    }
    return life;
  }

  /**
   * The same, from the image's history: its own events and the delete sagas that named it (the
   * history also lists those that only took a step on it, such as the delete of a child).
   */
  static List<String> imageLife(List<JournalRecord> history, ImageId id) {
    List<String> life = new ArrayList<>();
    Map<String, Integer> sagas = new HashMap<>();
    for (JournalRecord record : history) {
      Object event = record.event();
      if (event instanceof ImageEvent.Registered || event instanceof ImageEvent.Deleted) {
        life.add(event.getClass().getSimpleName());
      } else if (event instanceof DeletionEvent.Started e && e.plan().image().equals(id)) {
        sagas.put(record.persistenceId(), life.size());
        life.add("rmi " + e.plan().input() + " -> ");
      } else if (event instanceof DeletionEvent end && sagas.containsKey(record.persistenceId())) {
        int at = sagas.remove(record.persistenceId());
        life.set(at, life.get(at) + answer(end));
      }
    }
    return life;
  }

  private static String answer(DeletionEvent end) {
    if (end instanceof DeletionEvent.Finished f) {
      return f.records().stream().map(DeleteRecord::line).collect(Collectors.joining("\n"));
    } else if (end instanceof DeletionEvent.Failed f) {
      return Errors.status(f.rejection()).intValue() + " " + f.rejection().message();
    }
    return end.getClass().getSimpleName();
  }
}
