package io.imagesaga.testkit;

import io.imagesaga.JournalTags;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * Appends events to an entity's journal as if the entity had written them and then died: the
 * way to put a node in the state a crash leaves behind (or a corrupted journal in front of
 * {@code audit verify}), deterministically. Tagged with {@code tag} and, as every entity
 * tags, {@link JournalTags#AUDIT}. The entity itself must not be running.
 */
public final class JournalWriter {
  private JournalWriter() {}

  public static void append(ActorSystem<?> system, PersistenceId id, String tag,
      List<Object> events) {
    append(system, id, tag, events, Duration.ofSeconds(10));
  }

  /** {@link #append}, waiting up to {@code timeout} (a hundred thousand events take a while). */
  public static void append(ActorSystem<?> system, PersistenceId id, String tag,
      List<Object> events, Duration timeout) {
    ActorRef<ActorRef<Done>> writer = system.systemActorOf(
        new Writer(id, tag, events), "journal-writer-" + System.nanoTime(), Props.empty());
    NodeDriver.await(AskPattern.<ActorRef<Done>, Done>ask(
        writer, replyTo -> replyTo, timeout, system.scheduler()));
  }

  private static final class Writer extends EventSourcedBehavior<ActorRef<Done>, Object, Long> {
    private final String tag;
    private final List<Object> events;

    Writer(PersistenceId id, String tag, List<Object> events) {
      super(id);
      this.tag = tag;
      this.events = events;
    }

    @Override
    public Long emptyState() {
      return 0L;
    }

    @Override
    public CommandHandler<ActorRef<Done>, Object, Long> commandHandler() {
      return newCommandHandlerBuilder().forAnyState().onAnyCommand((state, replyTo) -> Effect()
          .persist(events).thenRun(s -> replyTo.tell(Done.getInstance())).thenStop());
    }

    @Override
    public EventHandler<Long, Object> eventHandler() {
      return (state, event) -> state + 1;
    }

    @Override
    public Set<String> tagsFor(Object event) {
      return Set.of(tag, JournalTags.AUDIT);
    }
  }
}
