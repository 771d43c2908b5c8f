package io.imagesaga.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import io.imagesaga.repository.RepositoryCommand.Resolution;
import io.imagesaga.testkit.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.JournalOperation;
import org.apache.pekko.persistence.testkit.ProcessingPolicy;
import org.apache.pekko.persistence.testkit.ProcessingResult;
import org.apache.pekko.persistence.testkit.ProcessingSuccess$;
import org.apache.pekko.persistence.testkit.WriteEvents;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Commands that reach a repository while it writes are decided in turn and journaled in one
 * write: a load or a fill that tags many images in one repository syncs once for many of them,
 * and every answer is the one the commands run one after another would get.
 */
class RepositoryBatchingTest {
  private static final ActorTestKit testKit = ActorTestKit.create(TestConfigs.entityTestKit());
  private static final ImageId A = ImageId.fromConfig("a".getBytes(StandardCharsets.UTF_8));
  private static final ImageId B = ImageId.fromConfig("b".getBytes(StandardCharsets.UTF_8));
  private static final int TAGS = 50;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void commands_arriving_during_a_write_are_journaled_together_with_sequential_answers()
      throws Exception {
    PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
    CountDownLatch allSent = new CountDownLatch(1);
    HeldWrites writes = new HeldWrites(allSent);
    journal.withPolicy(writes);
    ActorRef<RepositoryCommand> repository = testKit.spawn(
        RepositoryEntity.create("docker.io/library/batched", Clock.systemUTC(), 1000));
    TestProbe<Resolution> answers = testKit.createTestProbe();
    NamedReference moved = References.parseNormalizedNamed("batched:moved");
    List<RepositoryCommand> commands = new ArrayList<>();
    for (int i = 0; i < TAGS; i++) {
      commands.add(new RepositoryCommand.SetReference(
          References.parseNormalizedNamed("batched:" + i), A, "op-" + i, answers.getRef()));
    }
    commands.add(new RepositoryCommand.SetReference(moved, A, "op-a", answers.getRef()));
    commands.add(new RepositoryCommand.SetReference(moved, B, "op-b", answers.getRef()));
    commands.add(new RepositoryCommand.SetReference(moved, B, "op-a", answers.getRef()));
    commands.add(new RepositoryCommand.Resolve(moved, answers.getRef()));
    commands.forEach(repository::tell);
    allSent.countDown();

    for (int i = 0; i < TAGS; i++) {
      assertThat(answers.receiveMessage()).as("tag %d, new", i)
          .isEqualTo(new Resolution(Optional.empty()));
    }
    assertThat(answers.receiveMessage()).as("moved, set").isEqualTo(new Resolution(Optional.empty()));
    assertThat(answers.receiveMessage()).as("moved, moved")
        .isEqualTo(new Resolution(Optional.of(A)));
    assertThat(answers.receiveMessage()).as("op-a asking again: its own answer")
        .isEqualTo(new Resolution(Optional.empty()));
    assertThat(answers.receiveMessage()).as("resolved after the moves")
        .isEqualTo(new Resolution(Optional.of(B)));
    assertThat(writes.count()).as("journal writes for %d moves", TAGS + 2).isLessThanOrEqualTo(2);
    journal.resetPolicy();
  }

  /** Counts writes; the first waits until every command was sent, so the rest queue. */
  private static final class HeldWrites implements ProcessingPolicy<JournalOperation> {
    private final CountDownLatch allSent;
    private final AtomicInteger writes = new AtomicInteger();

    HeldWrites(CountDownLatch allSent) {
      this.allSent = allSent;
    }

    int count() {
      return writes.get();
    }

    @Override
    public ProcessingResult tryProcess(String persistenceId, JournalOperation operation) {
      if (operation instanceof WriteEvents) {
        writes.incrementAndGet();
        try {
          allSent.await(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return ProcessingSuccess$.MODULE$;
    }
  }
}
