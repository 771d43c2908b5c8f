package io.imagesaga.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import io.imagesaga.audit.AuditJournal;
import io.imagesaga.audit.JournalExport;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.util.ByteString;

/**
 * {@code GET /imagesaga/audit/journal}: a running node's audit log as JSON Lines (the format of
 * {@code audit export}), every event written so far, in write order. The {@code audit} commands
 * read it with {@code --host}; not part of the Engine API.
 */
final class AuditRoutes {
  private final AuditJournal journal;

  AuditRoutes(AuditJournal journal) {
    this.journal = journal;
  }

  Route route() {
    return pathPrefix("imagesaga", () -> pathPrefix("audit", () -> path("journal", () ->
        get(() -> complete(HttpResponse.create().withEntity(HttpEntities.createChunked(
            ContentTypes.APPLICATION_JSON,
            journal.records(0).map(record ->
                ByteString.fromString(JournalExport.text(record) + "\n")))))))));
  }
}
