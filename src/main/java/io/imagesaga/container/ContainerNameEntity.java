package io.imagesaga.container;

import io.imagesaga.Confirmation;
import io.imagesaga.JournalTags;
import io.imagesaga.Rejection;
import io.imagesaga.container.ContainerNameCommand.Get;
import io.imagesaga.container.ContainerNameCommand.Release;
import io.imagesaga.container.ContainerNameCommand.Reserve;
import io.imagesaga.container.ContainerNameEvent.Released;
import io.imagesaga.container.ContainerNameEvent.Reserved;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One container name ({@code ContainerName|<name>}, without the leading {@code /}) and the
 * container holding it: moby's name registrar, journaled. A {@code docker create} reserves the
 * name as its first step, so two creates with one name cannot both pass; the name is released
 * when the create is refused or the container removed.
 */
public final class ContainerNameEntity extends EventSourcedBehaviorWithEnforcedReplies<
    ContainerNameCommand, ContainerNameEvent, ContainerNameEntity.Holder> {

  public static final EntityTypeKey<ContainerNameCommand> ENTITY_TYPE_KEY =
      EntityTypeKey.create(ContainerNameCommand.class, "ContainerName");

  /** The container holding the name; {@code containerId} null while it is free. */
  public record Holder(String containerId) implements io.imagesaga.CborSerializable {
    Holder apply(ContainerNameEvent event) {
      return new Holder(event instanceof Reserved r ? r.containerId() : null);
    }

    public boolean isFree() {
      return containerId == null;
    }
  }

  private final String name;
  private final Clock clock;
  private final int snapshotEvery;

  public static void init(ActorSystem<?> system, int snapshotEvery) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_TYPE_KEY,
        ctx -> create(ctx.getEntityId(), Clock.systemUTC(), snapshotEvery)));
  }

  public static Behavior<ContainerNameCommand> create(
      String name, Clock clock, int snapshotEvery) {
    return new ContainerNameEntity(name, clock, snapshotEvery);
  }

  private ContainerNameEntity(String name, Clock clock, int snapshotEvery) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), name),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.name = name;
    this.clock = clock;
    this.snapshotEvery = snapshotEvery;
  }

  @Override
  public Holder emptyState() {
    return new Holder(null);
  }

  @Override
  public CommandHandlerWithReply<ContainerNameCommand, ContainerNameEvent, Holder>
      commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Reserve.class, this::onReserve)
        .onCommand(Release.class, this::onRelease)
        .onCommand(Get.class, (holder, cmd) -> Effect().reply(cmd.replyTo(), holder))
        .build();
  }

  private ReplyEffect<ContainerNameEvent, Holder> onReserve(Holder holder, Reserve cmd) {
    if (holder.isFree()) {
      return Effect().persist(new Reserved(cmd.containerId(), clock.instant()))
          .thenReply(cmd.replyTo(), h -> Confirmation.confirmed());
    }
    if (holder.containerId().equals(cmd.containerId())) {
      return Effect().reply(cmd.replyTo(), Confirmation.confirmed());
    }
    return Effect().reply(cmd.replyTo(),
        Confirmation.rejected(nameInUse(name, holder.containerId())));
  }

  /** moby daemon/names.go reserveName: {@code bareName} (no leading /) is held by another. */
  public static Rejection.Conflict nameInUse(String bareName, String containerId) {
    return Rejection.Conflict.hard("Conflict. The container name \"/" + bareName
        + "\" is already in use by container \"" + containerId + "\". You have to remove (or"
        + " rename) that container to be able to reuse that name.");
  }

  private ReplyEffect<ContainerNameEvent, Holder> onRelease(Holder holder, Release cmd) {
    if (holder.isFree() || !holder.containerId().equals(cmd.containerId())) {
      return Effect().reply(cmd.replyTo(), Confirmation.confirmed());
    }
    return Effect().persist(new Released(cmd.containerId(), clock.instant()))
        .thenReply(cmd.replyTo(), h -> Confirmation.confirmed());
  }

  @Override
  public EventHandler<Holder, ContainerNameEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(Holder::apply);
  }

  @Override
  public Set<String> tagsFor(ContainerNameEvent event) {
    return Set.of(JournalTags.AUDIT);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
  }
}
