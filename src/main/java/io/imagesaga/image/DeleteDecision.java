package io.imagesaga.image;

import io.imagesaga.Rejection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A decision of {@link ImageDelete}: the events to persist (possibly none) and the reply to give
 * once they are. Events and a rejection can go together: moby keeps an untag that happened
 * before a later step of the same request failed.
 */
public record DeleteDecision(List<ImageEvent> events, DeleteOutcome outcome) {

  public DeleteDecision {
    events = List.copyOf(events);
  }

  static DeleteDecision reject(Rejection rejection) {
    return new DeleteDecision(List.of(), new DeleteOutcome.Rejected(rejection));
  }

  static DeleteDecision done(List<ImageEvent> events, ImageDeleteStep step) {
    return new DeleteDecision(events, new DeleteOutcome.Done(step));
  }

  /**
   * This decision as taken for saga {@code sagaId}: when it changes the image, its outcome is
   * recorded in the same write, so that the saga asking again gets the same answer.
   */
  DeleteDecision takenFor(String sagaId, Instant now) {
    if (events.isEmpty()) {
      return this;
    }
    List<ImageEvent> all = new ArrayList<>(events);
    all.add(new ImageEvent.StepTaken(sagaId, outcome, now, true));
    return new DeleteDecision(all, outcome);
  }

  /** This decision preceded by earlier events and {@code Untagged} records of the same image. */
  DeleteDecision after(List<ImageEvent> earlier, ImageDeleteStep earlierStep) {
    List<ImageEvent> all = new ArrayList<>(earlier);
    all.addAll(events);
    if (!(outcome instanceof DeleteOutcome.Done done)) {
      return new DeleteDecision(all, outcome);
    }
    ImageDeleteStep later = done.step();
    List<String> untagged = new ArrayList<>(earlierStep.untagged());
    untagged.addAll(later.untagged());
    var removed = new ArrayList<>(earlierStep.removedReferences());
    removed.addAll(later.removedReferences());
    return done(all, new ImageDeleteStep(untagged, removed, later.deleted(), later.parent(),
        later.topLayer(), later.registeredBy(), later.generation()));
  }
}
