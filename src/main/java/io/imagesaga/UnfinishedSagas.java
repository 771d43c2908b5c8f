package io.imagesaga;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByTagQuery;

/**
 * Finds the sagas of one kind that the journal shows started but not ended: those whose last
 * tagged event is their start. A node wakes them before it serves clients.
 */
public final class UnfinishedSagas {
  private UnfinishedSagas() {}

  /** The entity IDs (the part of the persistence ID after {@code |}) of the unfinished ones. */
  public static CompletionStage<List<String>> find(ActorSystem<?> system,
      String readJournalPluginId, String tag, Predicate<Object> isStart) {
    CurrentEventsByTagQuery journal = PersistenceQuery.get(system)
        .getReadJournalFor(CurrentEventsByTagQuery.class, readJournalPluginId);
    return journal.currentEventsByTag(tag, Offset.noOffset())
        .runFold(new HashMap<String, Boolean>(), (open, envelope) -> {
          open.put(envelope.persistenceId(), isStart.test(envelope.event()));
          return open;
        }, system)
        .thenApply(UnfinishedSagas::entityIds);
  }

  /**
   * Finds the unfinished sagas of {@code type} and waits until each has ended: each is asked
   * {@code settle}, which it answers once its end is journaled. Returns how many there were.
   */
  public static <C> CompletionStage<Integer> settle(ActorSystem<?> system,
      String readJournalPluginId, String tag, Predicate<Object> isStart, EntityTypeKey<C> type,
      Function<ActorRef<Done>, C> settle, Duration timeout) {
    ClusterSharding sharding = ClusterSharding.get(system);
    return find(system, readJournalPluginId, tag, isStart).thenCompose(ids ->
        CompletableFuture.allOf(ids.stream()
                .map(id -> sharding.entityRefFor(type, id).ask(settle::apply, timeout)
                    .toCompletableFuture())
                .toArray(CompletableFuture[]::new))
            .thenApply(done -> ids.size()));
  }

  private static List<String> entityIds(Map<String, Boolean> open) {
    return open.entrySet().stream().filter(Map.Entry::getValue)
        .map(e -> e.getKey().substring(e.getKey().indexOf('|') + 1)).sorted().toList();
  }
}
