package io.imagesaga.bench;

import com.typesafe.config.Config;
import io.imagesaga.CborSerializable;
import io.imagesaga.app.AppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * Durable event writes per second through the journal plugin the configuration names (its
 * {@code fsync} setting on, then off, on fresh data dirs in the same run): {@code writers}
 * persistence IDs persist concurrently, each its next event once the last is acknowledged, as
 * entities under concurrent deletes do. Events of about 200 bytes, CBOR, as the entities'.
 */
final class JournalThroughput {
  record Result(double fsyncOnPerSecond, double fsyncOffPerSecond, String plugin) {}

  private JournalThroughput() {}

  static Result run(Path confDir, ScratchDirs scratch, int events, int writers)
      throws Exception {
    Path on = scratch.create("imagesaga-bench-journal-on");
    Path off = scratch.create("imagesaga-bench-journal-off");
    double offRate = measure(confDir, off, false, events, writers);
    scratch.release(off);
    double onRate = measure(confDir, on, true, events, writers);
    scratch.release(on);
    return new Result(onRate, offRate, plugin(AppConfig.load(confDir, Map.of())));
  }

  static String plugin(Config config) {
    return config.getString("pekko.persistence.journal.plugin");
  }

  private static double measure(Path confDir, Path dataDir, boolean fsync, int events,
      int writers) throws Exception {
    Config base = AppConfig.load(confDir, Map.of("imagesaga.data-dir", dataDir.toString()));
    String plugin = plugin(base);
    Config config = AppConfig.load(confDir, Map.of("imagesaga.data-dir", dataDir.toString(),
        plugin + ".fsync", fsync, "pekko.actor.provider", "local", "pekko.loglevel", "WARNING"));
    Files.createDirectories(dataDir.resolve("journal"));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "journal-bench", config);
    try {
      List<ActorRef<Append>> refs = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        refs.add(system.systemActorOf(new Writer(PersistenceId.ofUniqueId("bench-" + w)),
            "writer-" + w, Props.empty()));
      }
      appendAll(system, refs, Math.max(1, writers / 8)).toCompletableFuture().join();
      long start = System.nanoTime();
      appendAll(system, refs, events / writers).toCompletableFuture().join();
      return (events / writers) * writers / ((System.nanoTime() - start) / 1e9);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }

  /** Each writer appends {@code each} events one after another; all writers at once. */
  private static CompletionStage<Void> appendAll(ActorSystem<Void> system,
      List<ActorRef<Append>> writers, int each) {
    List<CompletableFuture<Done>> chains = new ArrayList<>();
    for (ActorRef<Append> writer : writers) {
      CompletionStage<Done> chain = CompletableFuture.completedFuture(Done.getInstance());
      for (int i = 0; i < each; i++) {
        chain = chain.thenCompose(done -> AskPattern.ask(writer, Append::new,
            Duration.ofSeconds(30), system.scheduler()));
      }
      chains.add(chain.toCompletableFuture());
    }
    return CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new));
  }

  record Append(ActorRef<Done> replyTo) {}

  /** What the writer journals: about as large as an image's events. */
  record Appended(String payload) implements CborSerializable {}

  private static final String PAYLOAD = "x".repeat(200);

  private static final class Writer extends EventSourcedBehavior<Append, Appended, Integer> {
    Writer(PersistenceId id) {
      super(id);
    }

    @Override
    public Integer emptyState() {
      return 0;
    }

    @Override
    public CommandHandler<Append, Appended, Integer> commandHandler() {
      return newCommandHandlerBuilder().forAnyState().onCommand(Append.class, append ->
          Effect().persist(new Appended(PAYLOAD)).thenReply(append.replyTo(), s -> Done.done()))
          .build();
    }

    @Override
    public EventHandler<Integer, Appended> eventHandler() {
      return newEventHandlerBuilder().forAnyState().onEvent(Appended.class, (s, e) -> s + 1)
          .build();
    }
  }
}
