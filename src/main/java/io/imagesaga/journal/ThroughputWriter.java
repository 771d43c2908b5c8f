package io.imagesaga.journal;

import io.imagesaga.CborSerializable;
import io.imagesaga.JournalTags;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * One writer of {@link JournalThroughput}: persists an event, and on its acknowledgement the
 * next, as an entity under load does, tagged as every entity tags; stops when told to stop
 * writing. What it writes is counted in {@code written}.
 */
final class ThroughputWriter
    extends EventSourcedBehavior<ThroughputWriter.Command, ThroughputWriter.Written, Long> {
  static final String TAG = "throughput";
  /** About the size of an entity's event: a digest and a little more. */
  private static final String DIGEST =
      "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";

  sealed interface Command {}

  /** Write the next event, or stop if writing is over. */
  record Next() implements Command {}

  record Written(long n, String digest) implements CborSerializable {}

  private final ActorRef<Command> self;
  private final BooleanSupplier writing;
  private final LongAdder written;
  private final CountDownLatch stopped;

  private ThroughputWriter(PersistenceId id, ActorRef<Command> self, BooleanSupplier writing,
      LongAdder written, CountDownLatch stopped) {
    super(id);
    this.self = self;
    this.writing = writing;
    this.written = written;
    this.stopped = stopped;
  }

  static Behavior<Command> create(String id, BooleanSupplier writing, LongAdder written,
      CountDownLatch stopped) {
    return Behaviors.setup(context -> new ThroughputWriter(
        PersistenceId.ofUniqueId("Throughput|" + id), context.getSelf(), writing, written,
        stopped));
  }

  @Override
  public Long emptyState() {
    return 0L;
  }

  @Override
  public CommandHandler<Command, Written, Long> commandHandler() {
    return newCommandHandlerBuilder().forAnyState().onCommand(Next.class, (count, next) -> {
      if (!writing.getAsBoolean()) {
        stopped.countDown();
        return Effect().stop();
      }
      return Effect().persist(new Written(count + 1, DIGEST)).thenRun(after -> {
        written.increment();
        self.tell(next);
      });
    }).build();
  }

  @Override
  public EventHandler<Long, Written> eventHandler() {
    return (count, event) -> event.n();
  }

  @Override
  public Set<String> tagsFor(Written event) {
    return Set.of(TAG, JournalTags.AUDIT);
  }
}
