package io.imagesaga.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.journal.leveldb.javadsl.LeveldbReadJournal;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's own map of persistence IDs keeps Pekko's keys and numbering: a journal written
 * by it opens under Pekko's stock journal and the other way round, each entity replaying only
 * its own events, IDs added by either never taking a number the other gave, and the
 * {@code persistenceIds} query naming every ID.
 */
class IdMapJournalTest {
  @TempDir Path dataDir;

  @Test
  void ids_written_by_either_journal_read_back_under_the_other() {
    inSystem(true, kit -> {
      append(kit, "a", "a-1");
      append(kit, "b", "b-1");
    });
    inSystem(false, kit -> {
      append(kit, "c", "c-1");
      assertThat(recall(kit, "a")).containsExactly("a-1");
      assertThat(recall(kit, "b")).containsExactly("b-1");
    });
    inSystem(true, kit -> {
      append(kit, "d", "d-1");
      append(kit, "a", "a-2");
      assertThat(recall(kit, "a")).containsExactly("a-1", "a-2");
      assertThat(recall(kit, "b")).containsExactly("b-1");
      assertThat(recall(kit, "c")).containsExactly("c-1");
      assertThat(recall(kit, "d")).containsExactly("d-1");
      assertThat(persistenceIds(kit)).contains("Appender|a", "Appender|b", "Appender|c",
          "Appender|d");
    });
    inSystem(false, kit -> {
      assertThat(recall(kit, "a")).containsExactly("a-1", "a-2");
      assertThat(recall(kit, "d")).containsExactly("d-1");
    });
  }

  private void inSystem(boolean ownMap, java.util.function.Consumer<ActorTestKit> body) {
    ActorTestKit kit = ActorTestKit.create("id-map", JournalTestKit.config(dataDir,
        Map.of("imagesaga.journal.leveldb.group-commit.enabled", ownMap)));
    try {
      assertThat(GroupCommit.get(kit.system().classicSystem()).grouping()).isEqualTo(ownMap);
      body.accept(kit);
    } finally {
      kit.shutdownTestKit();
    }
  }

  private static void append(ActorTestKit kit, String name, String text) {
    TestProbe<Integer> acked = kit.createTestProbe();
    ActorRef<Appender.Command> appender = kit.spawn(new Appender(name));
    appender.tell(new Appender.Append(text, acked.ref()));
    acked.receiveMessage(JournalTestKit.ACKED_WITHIN);
    kit.stop(appender);
  }

  private static List<String> recall(ActorTestKit kit, String name) {
    TestProbe<List<String>> recalled = kit.createTestProbe();
    ActorRef<Appender.Command> appender = kit.spawn(new Appender(name));
    appender.tell(new Appender.Recall(recalled.ref()));
    List<String> texts = recalled.receiveMessage(JournalTestKit.ACKED_WITHIN);
    kit.stop(appender);
    return texts;
  }

  private static List<String> persistenceIds(ActorTestKit kit) {
    LeveldbReadJournal query = PersistenceQuery.get(kit.system())
        .getReadJournalFor(LeveldbReadJournal.class, LeveldbReadJournal.Identifier());
    return query.currentPersistenceIds().runWith(Sink.seq(), kit.system())
        .toCompletableFuture().join();
  }
}
