package io.imagesaga.fleet;

import io.imagesaga.CborSerializable;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;

/**
 * Every host that ever joined the fleet, journaled in the shared PostgreSQL: a host whose agent
 * is down is still known, so fleet views list it as unreachable instead of leaving it out, and
 * fleet deletes wait for it (docs/fleet.md).
 */
public final class HostRegistry extends FleetEntity<
    HostRegistry.Command, HostRegistry.Event, HostRegistry.State> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "FleetHosts");
  public sealed interface Command extends CborSerializable {}

  /** The agent of {@code host} is up; idempotent. */
  public record Join(String host, ActorRef<Done> replyTo) implements Command {}

  public record GetHosts(ActorRef<Hosts> replyTo) implements Command {}

  /** The hosts, sorted by name. */
  public record Hosts(List<String> names) implements CborSerializable {}

  public sealed interface Event extends CborSerializable {}

  public record HostJoined(String host, Instant at) implements Event {}

  /** The known hosts. */
  public record State(SortedSet<String> hosts) implements CborSerializable {
    public State {
      hosts = new TreeSet<>(hosts);
    }

    State with(String host) {
      SortedSet<String> more = new TreeSet<>(hosts);
      more.add(host);
      return new State(more);
    }
  }

  private final Clock clock;

  public static void init(ActorSystem<?> system) {
    initSingleton(system, ENTITY_TYPE_KEY, () -> new HostRegistry(Clock.systemUTC()));
  }

  public static EntityRef<Command> ref(ActorSystem<?> system) {
    return singleton(system, ENTITY_TYPE_KEY);
  }

  private HostRegistry(Clock clock) {
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
        .onCommand(Join.class, (state, cmd) -> state.hosts().contains(cmd.host())
            ? Effect().reply(cmd.replyTo(), Done.getInstance())
            : Effect().persist(new HostJoined(cmd.host(), clock.instant()))
                .thenReply(cmd.replyTo(), s -> Done.getInstance()))
        .onCommand(GetHosts.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
            new Hosts(List.copyOf(state.hosts()))))
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(HostJoined.class, (state, event) -> state.with(event.host()))
        .build();
  }
}
