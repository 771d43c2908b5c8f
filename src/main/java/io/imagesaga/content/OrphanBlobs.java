package io.imagesaga.content;

import io.imagesaga.layer.LayerEntity;
import io.imagesaga.layer.LayerEvent;
import io.imagesaga.layer.LayerState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByTagQuery;

/**
 * Removes the layer blobs no present layer owns: those a crash left behind, staged by an import
 * that never got to offer them, or handed over by a removed layer whose remover died before
 * discarding them. Run at start, after the interrupted operations were carried through and
 * before clients are served, when nothing else can be staging a blob.
 */
public final class OrphanBlobs {
  private OrphanBlobs() {}

  /** Folds the layers' journal for the blobs they own and removes every other one; how many. */
  public static CompletionStage<Integer> sweep(ActorSystem<?> system, String readJournalPluginId,
      BlobStore blobs, Executor blocking) {
    CurrentEventsByTagQuery journal = PersistenceQuery.get(system)
        .getReadJournalFor(CurrentEventsByTagQuery.class, readJournalPluginId);
    return journal.currentEventsByTag(LayerEntity.TAG, Offset.noOffset())
        .runFold(new HashMap<String, LayerState>(), (layers, envelope) -> {
          layers.put(envelope.persistenceId(), layers.getOrDefault(envelope.persistenceId(),
              LayerState.absent()).apply((LayerEvent) envelope.event()));
          return layers;
        }, system)
        .thenApplyAsync(layers -> remove(blobs, owned(layers)), blocking);
  }

  private static Set<String> owned(Map<String, LayerState> layers) {
    Set<String> owned = new HashSet<>();
    layers.values().stream().filter(LayerState::isPresent)
        .forEach(layer -> layer.blob().ifPresent(owned::add));
    return owned;
  }

  private static int remove(BlobStore blobs, Set<String> owned) {
    try {
      Set<String> orphans = new HashSet<>(blobs.layerBlobs());
      orphans.removeAll(owned);
      for (String blob : orphans) {
        Files.deleteIfExists(blobs.layerPath(blob));
      }
      return orphans.size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
