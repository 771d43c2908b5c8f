package io.imagesaga.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterMap;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;

import io.imagesaga.Failures;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.audit.AuditJournal;
import io.imagesaga.audit.HistoryQuery;
import io.imagesaga.audit.JournalExport;
import io.imagesaga.audit.NamesSeen;
import io.imagesaga.audit.PointInTime;
import io.imagesaga.audit.Replay;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.util.ByteString;

/**
 * The audit log over HTTP; not part of the Engine API. {@code GET /imagesaga/audit/journal}
 * is a running node's log as JSON Lines (the format of {@code audit export}), every event
 * written so far (after an offset), in write order: a log shipper resumes from the last offset
 * it has, and the {@code audit} commands read it with {@code --host}. {@code history} and
 * {@code at} answer {@code audit history} and {@code audit at} on the node itself, from the
 * same folds (docs/design.md, "Audit over HTTP").
 */
final class AuditRoutes {
  private final AuditJournal journal;
  private final Duration askTimeout;

  /** @param askTimeout how long the journal may take to say where it ends */
  AuditRoutes(AuditJournal journal, Duration askTimeout) {
    this.journal = journal;
    this.askTimeout = askTimeout;
  }

  /** {@code GET /imagesaga/audit/journal[?after=<offset>]}. */
  Route journal() {
    return parameterOptional("after", after -> {
          try {
            return complete(HttpResponse.create().withEntity(HttpEntities.createChunked(
                ContentTypes.APPLICATION_JSON, journal.records(AuditParameters.offset(after))
                    .map(record -> ByteString.fromString(JournalExport.text(record) + "\n")))));
          } catch (RejectedException e) {
            return complete(Errors.response(e));
          }
        });
  }

  /**
   * {@code GET /imagesaga/audit/history?image=&reference=&client=&since=&until=&after=}
   * {@code &limit=} (or {@code last=}, the last records instead of the first): one page,
   * {@code {"records": [...], "next": <offset>}}.
   */
  Route history() {
    return parameterMap(query -> answer(() -> HistoryQuery.run(replay(),
            AuditParameters.history(query)),
        page -> JournalExport.page(page.records(), page.next())));
  }

  /**
   * {@code GET /imagesaga/audit/at?time=<T>}: the catalog at T, as {@code audit at --format
   * json} prints it.
   */
  Route at() {
    return parameterMap(query -> answer(() -> {
      Instant at = AuditParameters.at(query);
      return PointInTime.catalog(replay(), at);
    }, view -> JournalExport.pretty(view.document())));
  }

  /** The node's own journal, read on its actor system. */
  private Replay replay() {
    return journal.replay(askTimeout);
  }

  private static <T> Route answer(Supplier<CompletionStage<T>> work,
      Function<T, String> json) {
    // A parameter refused while the work is set up fails the stage like a failure of the read.
    CompletionStage<T> result = CompletableFuture.completedFuture(work).thenCompose(Supplier::get);
    return onComplete(result, attempt -> complete(attempt.isSuccess()
        ? HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON,
            json.apply(attempt.get()))
        : Errors.response(asked(attempt.failed().get()))));
  }

  /** A name that resolves to nothing is the asker's mistake, a 400 with what to fix. */
  private static Throwable asked(Throwable failure) {
    return Failures.cause(failure) instanceof NamesSeen.Unresolved unresolved
        ? new RejectedException(new Rejection.InvalidParameter(unresolved.getMessage()))
        : failure;
  }
}
