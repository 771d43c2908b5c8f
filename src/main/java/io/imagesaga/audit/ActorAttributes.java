package io.imagesaga.audit;

import io.imagesaga.container.ContainerEvent;
import io.imagesaga.container.ContainerSpec;
import io.imagesaga.image.ImageEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * What an event of {@code docker events} says about its actor beyond the event itself: an
 * image's labels, a container's name, image and labels. One stream's lookup, in bounded
 * memory: the last {@code capacity} actors of each kind it met; any other is read from that
 * entity's own journal, up to the event at hand. A stream that starts late, or a long replay
 * that has forgotten an actor, answers the same as one that saw everything.
 */
final class ActorAttributes {
  private final EventJournal journal;
  private final Materializer materializer;
  private final Recent<Map<String, String>> labels;
  private final Recent<Optional<ContainerSpec>> specs;

  ActorAttributes(EventJournal journal, Materializer materializer, int capacity) {
    this.journal = journal;
    this.materializer = materializer;
    this.labels = new Recent<>(capacity);
    this.specs = new Recent<>(capacity);
  }

  /**
   * The labels of the image journaled as {@code persistenceId}. They are those of its config,
   * whose digest is the image ID, so any registration of the image tells them.
   */
  CompletionStage<Map<String, String>> labels(String persistenceId, long sequenceNr) {
    Map<String, String> known = labels.get(persistenceId);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    return journal.entity(persistenceId, sequenceNr)
        .map(envelope -> envelope.event())
        .collectType(ImageEvent.Registered.class)
        .map(registered -> registered.metadata().labels())
        .runWith(Sink.headOption(), materializer)
        .thenApply(found -> {
          labels.put(persistenceId, found.orElse(Map.of()));
          return found.orElse(Map.of());
        });
  }

  void registered(String persistenceId, Map<String, String> imageLabels) {
    labels.put(persistenceId, imageLabels);
  }

  /**
   * The spec of the container journaled as {@code persistenceId} as of its event {@code
   * sequenceNr}: that of its last creation before (an ID can be created again once removed).
   */
  CompletionStage<Optional<ContainerSpec>> spec(String persistenceId, long sequenceNr) {
    Optional<ContainerSpec> known = specs.get(persistenceId);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    return journal.entity(persistenceId, sequenceNr)
        .map(envelope -> envelope.event())
        .collectType(ContainerEvent.Created.class)
        .runWith(Sink.lastOption(), materializer)
        .thenApply(created -> {
          Optional<ContainerSpec> spec = created.map(ContainerEvent.Created::spec);
          specs.put(persistenceId, spec);
          return spec;
        });
  }

  void created(String persistenceId, ContainerSpec spec) {
    specs.put(persistenceId, Optional.of(spec));
  }

  /** The actor is gone; a later event of the same ID is looked up again. */
  void forget(String persistenceId) {
    labels.remove(persistenceId);
    specs.remove(persistenceId);
  }

  /** The last {@code capacity} entries used. */
  private static final class Recent<V> {
    private final Map<String, V> entries;

    Recent(int capacity) {
      this.entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
          return size() > capacity;
        }
      };
    }

    synchronized V get(String key) {
      return entries.get(key);
    }

    synchronized void put(String key, V value) {
      entries.put(key, value);
    }

    synchronized void remove(String key) {
      entries.remove(key);
    }
  }
}
