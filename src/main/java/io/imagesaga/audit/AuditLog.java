package io.imagesaga.audit;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Source;

/** Where a replay reads the audit log: a stopped node's journal, or a running node over HTTP. */
public interface AuditLog extends AutoCloseable {

  /** Every journaled event in write order; the stream completes at the last one written. */
  Source<JournalRecord, NotUsed> records();

  /** The actor system the records stream runs on. */
  ActorSystem<?> system();

  /**
   * Hands {@code action} every record in write order, as long as {@code whileTrue} holds, and
   * returns when done. Runs on one thread at a time, so {@code action} may keep plain state.
   */
  default void forEach(Predicate<JournalRecord> whileTrue, Consumer<JournalRecord> action) {
    try {
      records().takeWhile(whileTrue::test).runForeach(action::accept, system())
          .toCompletableFuture().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  @Override
  void close();

  /**
   * A local actor system for a log read from elsewhere (over HTTP, from PostgreSQL): no
   * cluster, no journal, warnings only, through the command's logging.
   */
  static ActorSystem<Void> quietSystem() {
    return ActorSystem.create(Behaviors.empty(), "imagesaga-audit",
        ConfigFactory.parseMap(Map.of("pekko.loglevel", "WARNING",
            "pekko.stdout-loglevel", "OFF",
            "pekko.loggers", List.of("org.apache.pekko.event.slf4j.Slf4jLogger"),
            "pekko.logging-filter", "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"))
            .withFallback(ConfigFactory.defaultReference()));
  }
}
