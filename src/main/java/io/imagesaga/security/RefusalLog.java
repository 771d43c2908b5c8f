package io.imagesaga.security;

import io.imagesaga.CborSerializable;
import io.imagesaga.JournalTags;
import io.imagesaga.Provenance;
import io.imagesaga.security.AccessEvent.Refused;
import io.imagesaga.security.AccessEvent.RefusalsRepeated;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The node's one journal of refused requests, {@code Access|refusals}, tagged into the audit
 * log. A refusal to journal is answered once it is written (so a 403 is answered after its
 * record, as every change is), one a window counts at once ({@link RefusalWindows}). The
 * windows are checked every {@code window}; a stop journals what they counted.
 */
public final class RefusalLog
    extends EventSourcedBehavior<RefusalLog.Command, AccessEvent, RefusalLog.Tally> {
  public static final PersistenceId PERSISTENCE_ID = PersistenceId.of("Access", "refusals");
  private static final int SNAPSHOT_EVERY = 100;

  /** What the log is asked. */
  public sealed interface Command {}

  /** Journal (or count) that a request needing {@code needed} was refused. */
  public record Refuse(Provenance provenance, String method, String path, String target,
      Permission needed, ActorRef<Done> replyTo) implements Command {}

  /** Journal what the windows counted, and forget them: the node stops. */
  public record Flush(ActorRef<Done> replyTo) implements Command {}

  private record CloseWindows() implements Command {}

  /** How many refusals the log holds, those counted in repeats included. */
  public record Tally(long refusals) implements CborSerializable {
    Tally apply(AccessEvent event) {
      return new Tally(refusals + (event instanceof RefusalsRepeated r ? r.count() : 1));
    }
  }

  private final RefusalWindows windows;
  private final Clock clock;

  private RefusalLog(RefusalWindows windows, Clock clock) {
    super(PERSISTENCE_ID, SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200),
        Duration.ofSeconds(5), 0.1));
    this.windows = windows;
    this.clock = clock;
  }

  public static Behavior<Command> create(Duration window, int maxClients, Clock clock) {
    return Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(new CloseWindows(), window);
      return new RefusalLog(new RefusalWindows(window, maxClients), clock);
    });
  }

  @Override
  public Tally emptyState() {
    return new Tally(0);
  }

  @Override
  public CommandHandler<Command, AccessEvent, Tally> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Refuse.class, this::onRefuse)
        .onCommand(CloseWindows.class, close -> persist(windows.close(clock.instant())))
        .onCommand(Flush.class, flush -> persist(windows.closeAll(clock.instant()))
            .thenReply(flush.replyTo(), tally -> Done.getInstance()))
        .build();
  }

  private Effect<AccessEvent, Tally> onRefuse(Refuse cmd) {
    Optional<Refused> journal = windows.offer(new Refused(cmd.provenance(), cmd.method(),
        cmd.path(), cmd.target(), cmd.needed(), clock.instant()));
    return journal.<Effect<AccessEvent, Tally>>map(refused -> Effect().persist(refused)
            .thenReply(cmd.replyTo(), tally -> Done.getInstance()))
        .orElseGet(() -> Effect().reply(cmd.replyTo(), Done.getInstance()));
  }

  private EffectBuilder<AccessEvent, Tally> persist(List<RefusalsRepeated> repeated) {
    return repeated.isEmpty() ? Effect().none() : Effect().persist(List.copyOf(repeated));
  }

  @Override
  public EventHandler<Tally, AccessEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(Tally::apply);
  }

  @Override
  public Set<String> tagsFor(AccessEvent event) {
    return Set.of(JournalTags.AUDIT);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 2);
  }
}
