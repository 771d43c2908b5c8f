package io.imagesaga.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.imagesaga.testkit.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorRefWithCell;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.PersistentEnvelope;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.PersistentRepr$;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A node's journal configuration (the shipped {@code conf/}) on a local actor system, with the
 * journal actor on a dispatcher of one thread that a test can hold: while it is held, whatever
 * is sent to the journal waits in its mailbox, so a test decides what arrives "together".
 */
final class JournalTestKit {
  static final String GATED_DISPATCHER = "journal-test-gated-dispatcher";

  private JournalTestKit() {}

  static Config config(Path dataDir, Map<String, ?> overrides) {
    Map<String, Object> settings = new HashMap<>(Map.of(
        "pekko.actor.provider", "local",
        "imagesaga.journal.leveldb.plugin-dispatcher", GATED_DISPATCHER,
        GATED_DISPATCHER + ".type", "Dispatcher",
        GATED_DISPATCHER + ".executor", "thread-pool-executor",
        GATED_DISPATCHER + ".thread-pool-executor.fixed-pool-size", 1));
    settings.putAll(overrides);
    return TestConfigs.node(dataDir, settings);
  }

  /** The system's journal actor (the configured plugin). */
  static ActorRef journal(ActorSystem<?> system) {
    return Persistence.get(Adapter.toClassic(system)).journalFor("", ConfigFactory.empty());
  }

  /** Messages waiting in the journal's mailbox. */
  static int waiting(ActorSystem<?> system) {
    return ((ActorRefWithCell) journal(system)).underlying().numberOfMessages();
  }

  /**
   * Occupies the journal's one thread until {@link Hold#release()}; returns once it is held, so
   * that nothing sent to the journal afterwards is handled before the release.
   */
  static Hold hold(ActorSystem<?> system) throws InterruptedException {
    Executor dispatcher = system.dispatchers().lookup(
        DispatcherSelector.fromConfig(GATED_DISPATCHER));
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch released = new CountDownLatch(1);
    dispatcher.execute(() -> {
      held.countDown();
      try {
        released.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    if (!held.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the journal's thread was not free within 10 s");
    }
    return released::countDown;
  }

  /** The journal's thread, held. */
  interface Hold {
    void release();
  }

  /** What a persistent actor sends: one write of {@code payload} as event {@code sequenceNr}. */
  static JournalProtocol.WriteMessages write(String persistenceId, long sequenceNr,
      Object payload, ActorRef persistentActor) {
    PersistentRepr event = PersistentRepr$.MODULE$.apply(payload, sequenceNr, persistenceId,
        "", false, ActorRef.noSender(), "test-writer");
    List<PersistentEnvelope> writes = List.of(new AtomicWrite(
        CollectionConverters.asScala(List.of(event)).toList()));
    return new JournalProtocol.WriteMessages(CollectionConverters.asScala(writes).toList(),
        persistentActor, 1);
  }

  static final Duration ACKED_WITHIN = Duration.ofSeconds(60);
}
