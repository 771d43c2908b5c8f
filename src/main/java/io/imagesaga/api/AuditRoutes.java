package io.imagesaga.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.audit.AuditJournal;
import io.imagesaga.audit.JournalExport;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.util.ByteString;

/**
 * {@code GET /imagesaga/audit/journal[?after=<offset>]}: a running node's audit log as JSON
 * Lines (the format of {@code audit export}), every event written so far (after that offset),
 * in write order; a log shipper resumes from the last offset it has. The {@code audit} commands
 * read it with {@code --host}; not part of the Engine API.
 */
final class AuditRoutes {
  private final AuditJournal journal;

  AuditRoutes(AuditJournal journal) {
    this.journal = journal;
  }

  /** {@code GET /imagesaga/audit/journal[?after=<offset>]}. */
  Route journal() {
    return parameterOptional("after", after -> {
          try {
            return complete(HttpResponse.create().withEntity(HttpEntities.createChunked(
                ContentTypes.APPLICATION_JSON, journal.records(offset(after)).map(record ->
                    ByteString.fromString(JournalExport.text(record) + "\n")))));
          } catch (RejectedException e) {
            return complete(Errors.response(e));
          }
        });
  }

  private static long offset(Optional<String> after) {
    String value = after.orElse("0");
    if (!value.matches("\\d{1,18}")) {
      throw new RejectedException(new Rejection.InvalidParameter(
          "invalid after offset \"" + value + "\": a journal offset (0 or more) is needed"));
    }
    return Long.parseLong(value);
  }
}
