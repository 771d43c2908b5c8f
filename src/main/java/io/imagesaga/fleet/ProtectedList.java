package io.imagesaga.fleet;

import io.imagesaga.CborSerializable;
import io.imagesaga.Provenance;
import io.imagesaga.Rejection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;

/**
 * The fleet's protected list ({@code FleetProtected|fleet}, docs/fleet.md "Fleet deletes"):
 * references and globs ({@link io.imagesaga.reference.ReferencePattern}, each kept as it
 * parsed) that no fleet delete or prune removes, journaled on PostgreSQL with who changed it.
 */
public final class ProtectedList extends FleetEntity<
    ProtectedList.Command, ProtectedList.Event, ProtectedList.State> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "FleetProtected");
  public sealed interface Command extends CborSerializable {}

  /** Adds a parsed pattern; one already listed changes nothing. */
  public record Protect(String pattern, Provenance provenance, ActorRef<Reply> replyTo)
      implements Command {}

  /** Removes a parsed pattern; one not listed is a 404. */
  public record Unprotect(String pattern, Provenance provenance, ActorRef<Reply> replyTo)
      implements Command {}

  public record GetPatterns(ActorRef<Reply> replyTo) implements Command {}

  public sealed interface Reply extends CborSerializable {}

  /** The list, sorted. */
  public record Patterns(List<String> patterns) implements Reply {}

  public record Refused(Rejection rejection) implements Reply {}

  public sealed interface Event extends CborSerializable {
    Instant at();
  }

  public record Protected(String pattern, Provenance provenance, Instant at) implements Event {}

  public record Unprotected(String pattern, Provenance provenance, Instant at)
      implements Event {}

  public record State(SortedSet<String> patterns) implements CborSerializable {
    public State {
      patterns = new TreeSet<>(patterns);
    }

    State apply(Event event) {
      SortedSet<String> next = new TreeSet<>(patterns);
      if (event instanceof Protected added) {
        next.add(added.pattern());
      } else if (event instanceof Unprotected removed) {
        next.remove(removed.pattern());
      }
      return new State(next);
    }

    Patterns reply() {
      return new Patterns(List.copyOf(patterns));
    }
  }

  private final Clock clock;

  public static void init(ActorSystem<?> system) {
    initSingleton(system, ENTITY_TYPE_KEY, () -> new ProtectedList(Clock.systemUTC()));
  }

  public static EntityRef<Command> ref(ActorSystem<?> system) {
    return singleton(system, ENTITY_TYPE_KEY);
  }

  private ProtectedList(Clock clock) {
    super(singletonId(ENTITY_TYPE_KEY));
    this.clock = clock;
  }

  @Override
  public State emptyState() {
    return new State(new TreeSet<>());
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Protect.class, (state, cmd) -> state.patterns().contains(cmd.pattern())
            ? Effect().reply(cmd.replyTo(), state.reply())
            : Effect().persist(new Protected(cmd.pattern(), cmd.provenance(), clock.instant()))
                .thenReply(cmd.replyTo(), State::reply))
        .onCommand(Unprotect.class, (state, cmd) -> !state.patterns().contains(cmd.pattern())
            ? Effect().reply(cmd.replyTo(), new Refused(new Rejection.NotFound(
                "No such protected pattern: " + cmd.pattern())))
            : Effect().persist(new Unprotected(cmd.pattern(), cmd.provenance(),
                clock.instant())).thenReply(cmd.replyTo(), State::reply))
        .onCommand(GetPatterns.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
            state.reply()))
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(State::apply);
  }
}
