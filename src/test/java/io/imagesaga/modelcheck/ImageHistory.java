package io.imagesaga.modelcheck;

import io.imagesaga.image.ContainerUse;
import io.imagesaga.image.ImageEntity;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.image.ImageState;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeDriver;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;

/**
 * Invariant 3 needs history, not just the final state: replays an image's journal and reports
 * every {@code Deleted} applied while a running container used the image.
 */
final class ImageHistory {
  private ImageHistory() {}

  static List<String> deletedWhileRunning(ActorSystem<?> system, ImageId id) {
    CurrentEventsByPersistenceIdQuery journal = PersistenceQuery.get(system).getReadJournalFor(
        CurrentEventsByPersistenceIdQuery.class, "pekko.persistence.query.journal.leveldb");
    List<ImageEvent> events = NodeDriver.await(journal.currentEventsByPersistenceId(
            ImageEntity.persistenceId(id).id(), 0L, Long.MAX_VALUE)
        .map(envelope -> (ImageEvent) envelope.event())
        .runFold(new ArrayList<ImageEvent>(), (list, event) -> {
          list.add(event);
          return list;
        }, system));
    List<String> problems = new ArrayList<>();
    ImageState state = ImageState.absent();
    for (ImageEvent event : events) {
      if (event instanceof ImageEvent.Deleted
          && state.containers().stream().anyMatch(ContainerUse::running)) {
        problems.add("3: " + id + " was deleted while a running container used it");
      }
      state = state.apply(event);
    }
    return problems;
  }
}
