package io.imagesaga.journal;

import io.imagesaga.CborSerializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * A persistent actor that journals the texts it is given, one write each, tagged {@link #TAG},
 * and answers with how many it holds once the write is acknowledged.
 */
final class Appender
    extends EventSourcedBehavior<Appender.Command, Appender.Appended, List<String>> {
  static final String TAG = "appended";

  sealed interface Command {}

  /** Journal {@code text}; the answer is the count of texts held after it. */
  record Append(String text, ActorRef<Integer> replyTo) implements Command {}

  /** Answer with every text held, in the order written. */
  record Recall(ActorRef<List<String>> replyTo) implements Command {}

  record Appended(String text) implements CborSerializable {}

  Appender(String name) {
    super(PersistenceId.ofUniqueId("Appender|" + name));
  }

  @Override
  public List<String> emptyState() {
    return List.of();
  }

  @Override
  public CommandHandler<Command, Appended, List<String>> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Append.class, (state, append) -> Effect().persist(new Appended(append.text()))
            .thenRun(after -> append.replyTo().tell(after.size())))
        .onCommand(Recall.class, (state, recall) -> Effect().none()
            .thenRun(after -> recall.replyTo().tell(after)))
        .build();
  }

  @Override
  public EventHandler<List<String>, Appended> eventHandler() {
    return (state, event) -> {
      List<String> next = new ArrayList<>(state);
      next.add(event.text());
      return List.copyOf(next);
    };
  }

  @Override
  public Set<String> tagsFor(Appended event) {
    return Set.of(TAG);
  }
}
