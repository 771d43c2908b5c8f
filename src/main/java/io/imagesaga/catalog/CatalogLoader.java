package io.imagesaga.catalog;

import io.imagesaga.container.ContainerEntity;
import io.imagesaga.container.ContainerEvent;
import io.imagesaga.container.ContainerState;
import io.imagesaga.image.ImageEntity;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.image.ImageState;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByTagQuery;

/**
 * Fills the {@link Catalog} from the journal at start: folds every image's and container's tagged
 * events with the entities' own {@code apply}, so the read side cannot disagree with them.
 */
public final class CatalogLoader {
  private CatalogLoader() {}

  public static CompletionStage<Done> load(
      ActorSystem<?> system, String readJournalPluginId, ActorRef<Catalog.Command> catalog) {
    CurrentEventsByTagQuery journal = PersistenceQuery.get(system)
        .getReadJournalFor(CurrentEventsByTagQuery.class, readJournalPluginId);
    CatalogFeed feed = Catalog.feed(catalog);
    return fold(system, journal, ImageEntity.TAG, ImageState.absent(),
            (state, event) -> state.apply((ImageEvent) event))
        .thenAccept(images -> images.values().forEach(feed::changed))
        .thenCompose(done -> fold(system, journal, ContainerEntity.TAG, ContainerState.absent(),
            (state, event) -> state.apply((ContainerEvent) event)))
        .thenApply(containers -> {
          containers.values().forEach(feed::accept);
          return Done.getInstance();
        });
  }

  private static <S> CompletionStage<Map<String, S>> fold(
      ActorSystem<?> system, CurrentEventsByTagQuery journal, String tag, S empty,
      BiFunction<S, Object, S> apply) {
    return journal.currentEventsByTag(tag, Offset.noOffset())
        .runFold(new HashMap<String, S>(), (states, envelope) -> {
          applyTo(states, envelope, empty, apply);
          return states;
        }, system)
        .thenApply(states -> states);
  }

  private static <S> void applyTo(Map<String, S> states, EventEnvelope envelope, S empty,
      BiFunction<S, Object, S> apply) {
    S current = states.getOrDefault(envelope.persistenceId(), empty);
    states.put(envelope.persistenceId(), apply.apply(current, envelope.event()));
  }
}
