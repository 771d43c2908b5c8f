package io.imagesaga.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.JournalProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay waits only for the writes of its own persistence ID: a new entity recovering (every
 * delete saga does) is not held up by another entity's write on the disk, while a replay of an
 * ID with a write on the disk still reads that write.
 */
class GroupCommitReplayTest {
  @TempDir Path dataDir;
  private ActorTestKit testKit;
  private TestProbe<Object> writer;
  private org.apache.pekko.actor.ActorRef writerRef;

  @BeforeEach
  void start() {
    testKit = ActorTestKit.create("group-commit-replay", JournalTestKit.config(dataDir,
        Map.of("imagesaga.journal.leveldb.group-commit.class", GatedJournal.class.getName())));
    writer = testKit.createTestProbe();
    writerRef = Adapter.toClassic(writer.ref());
    JournalTestKit.journal(testKit.system()).tell(JournalTestKit.write("warm-up", 1,
        new Appender.Appended("w"), writerRef), writerRef);
    writer.receiveSeveralMessages(2, JournalTestKit.ACKED_WITHIN);
  }

  @AfterEach
  void stop() {
    GatedJournal.gate.countDown();
    testKit.shutdownTestKit();
  }

  @Test
  void a_replay_of_another_id_is_answered_while_a_write_is_on_the_disk() throws Exception {
    var journal = closeGateBehind("a");
    TestProbe<Object> reader = testKit.createTestProbe();

    journal.tell(replay("b", reader), writerRef);

    assertThat(reader.expectMessageClass(JournalProtocol.RecoverySuccess.class,
        Duration.ofSeconds(30)).highestSequenceNr()).isZero();
    writer.expectNoMessage(Duration.ZERO);
    GatedJournal.gate.countDown();
    writer.receiveSeveralMessages(2, JournalTestKit.ACKED_WITHIN);
  }

  @Test
  void a_replay_of_an_id_whose_write_is_on_the_disk_reads_that_write() throws Exception {
    var journal = closeGateBehind("a");
    TestProbe<Object> reader = testKit.createTestProbe();

    journal.tell(replay("a", reader), writerRef);
    reader.expectNoMessage(Duration.ofMillis(200));
    GatedJournal.gate.countDown();

    JournalProtocol.ReplayedMessage replayed = reader.expectMessageClass(
        JournalProtocol.ReplayedMessage.class, JournalTestKit.ACKED_WITHIN);
    assertThat(replayed.persistent().payload()).isEqualTo(new Appender.Appended("a1"));
    assertThat(reader.expectMessageClass(JournalProtocol.RecoverySuccess.class,
        JournalTestKit.ACKED_WITHIN).highestSequenceNr()).isEqualTo(1);
  }

  /** Sends a write of {@code id} and returns once the writer is inside it, gate closed. */
  private org.apache.pekko.actor.ActorRef closeGateBehind(String id) throws Exception {
    GatedJournal.gate = new CountDownLatch(1);
    GatedJournal.entered = new CountDownLatch(1);
    var journal = JournalTestKit.journal(testKit.system());
    journal.tell(JournalTestKit.write(id, 1, new Appender.Appended(id + "1"), writerRef),
        writerRef);
    assertThat(GatedJournal.entered.await(30, TimeUnit.SECONDS)).isTrue();
    return journal;
  }

  private static JournalProtocol.ReplayMessages replay(String id, TestProbe<Object> reader) {
    return new JournalProtocol.ReplayMessages(1, Long.MAX_VALUE, Long.MAX_VALUE, id,
        Adapter.toClassic(reader.ref()));
  }
}
