package io.imagesaga.audit;

import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One read of the audit log, wherever it is: a running node's own journal (the audit routes),
 * a stopped node's or a remote node's (the {@code audit} commands). The folds behind {@code
 * audit history} and {@code audit at} take one, so that the server and the commands answer
 * from the same code.
 */
@FunctionalInterface
public interface Replay {
  /**
   * Hands {@code action} every record with an offset above {@code after}, in write order, as
   * long as {@code whileTrue} holds for the record at hand; one record at a time, so that
   * {@code action} may keep plain state. Completes when done, or with the read's failure.
   */
  CompletionStage<?> run(long after, Predicate<JournalRecord> whileTrue,
      Consumer<JournalRecord> action);

  /**
   * The offset of the log's last record now, if the log can tell without reading it (0 when
   * it is empty); a read that wants only the last records may then start near it.
   */
  default CompletionStage<OptionalLong> end() {
    return CompletableFuture.completedFuture(OptionalLong.empty());
  }
}
