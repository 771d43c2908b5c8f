package io.imagesaga;

import io.imagesaga.checkpoint.Checkpoint;
import io.imagesaga.checkpoint.TagFold;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * One kind of saga (deletes, operations), as the index of open sagas sees it: a tag on which
 * each saga journals its start and its end, and nothing else; the entity type; the message that
 * wakes a saga whose actor is gone (its recovery carries it on, a live one ignores it); the
 * message a saga answers once it has ended.
 *
 * @param index the fold whose kept states are the sagas started and not yet ended
 */
public record SagaKind<C>(String name, TagFold<Boolean> index, EntityTypeKey<C> type,
    C resume, Function<ActorRef<Done>, C> settle) {

  public static <C> SagaKind<C> of(String name, String tag, Predicate<Object> isStart,
      EntityTypeKey<C> type, C resume, Function<ActorRef<Done>, C> settle) {
    return new SagaKind<>(name, new TagFold<>(tag, false,
        (open, event) -> isStart.test(event), Boolean::booleanValue), type, resume, settle);
  }

  /** The entity IDs (the persistence ID after {@code |}) of the open sagas of {@code index}. */
  public List<String> open(Checkpoint<Boolean> index) {
    return index.states().keySet().stream()
        .map(persistenceId -> persistenceId.substring(persistenceId.indexOf('|') + 1))
        .sorted().toList();
  }
}
