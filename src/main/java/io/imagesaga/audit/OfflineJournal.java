package io.imagesaga.audit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.imagesaga.journal.JournalPlugin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A stopped node's audit log, opened for reading: a local actor system (no cluster, no
 * entities) on the node's configuration. LevelDB allows one process at a time, so a running
 * node's log is read over HTTP instead ({@link RemoteAuditLog}).
 */
public final class OfflineJournal implements AuditLog {
  private final ActorSystem<Void> system;
  private final AuditJournal journal;

  public OfflineJournal(Config nodeConfig) {
    refuseIfInUse(JournalPlugin.dir(nodeConfig));
    Config local = ConfigFactory.parseMap(Map.of("pekko.actor.provider", "local",
        "pekko.loglevel", "WARNING")).withFallback(nodeConfig);
    this.system = ActorSystem.create(Behaviors.empty(), "imagesaga-audit", local);
    this.journal = new AuditJournal(system, local.getString("imagesaga.read-journal"));
  }

  @Override
  public Source<JournalRecord, NotUsed> records() {
    return journal.records(0);
  }

  @Override
  public ActorSystem<?> system() {
    return system;
  }

  /**
   * A running node holds LevelDB's lock, and a journal that cannot be opened would leave a query
   * waiting forever: fail at once with what to do instead.
   */
  private static void refuseIfInUse(Path journal) {
    Path lock = journal.resolve("LOCK");
    if (!Files.isRegularFile(lock)) {
      throw new IllegalStateException("no journal at " + journal.toAbsolutePath());
    }
    try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
        FileLock held = channel.tryLock()) {
      if (held == null) {
        throw new IllegalStateException("the journal at " + journal.toAbsolutePath()
            + " is in use by a running node: stop it first");
      }
    } catch (OverlappingFileLockException e) {
      throw new IllegalStateException("the journal at " + journal + " is open in this process", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
