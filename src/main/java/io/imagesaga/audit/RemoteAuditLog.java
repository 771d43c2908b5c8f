package io.imagesaga.audit;

import io.imagesaga.AgentUri;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A running node's audit log, read over HTTP from {@code GET /imagesaga/audit/journal}: the
 * same records an {@link OfflineJournal} gives, through their JSON Lines export.
 */
public final class RemoteAuditLog implements AuditLog {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final URI journal;
  private final HttpClient client;
  private final ActorSystem<Void> system;

  /**
   * @param host {@code tcp://127.0.0.1:2375} as {@code DOCKER_HOST} has it, or an http URL
   * @throws IllegalArgumentException if it is neither
   */
  public RemoteAuditLog(String host) {
    this(host, Optional.empty());
  }

  /**
   * @param tls the client's mutual TLS ({@code ClientTls}): {@code tcp://} is then https, and
   *     the node's policy must grant the certificate the {@code audit} permission
   */
  public RemoteAuditLog(String host, Optional<SSLContext> tls) {
    this.journal = URI.create(AgentUri.of(host, tls.isPresent()) + "/imagesaga/audit/journal");
    HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT);
    tls.ifPresent(builder::sslContext);
    this.client = builder.build();
    this.system = AuditLog.quietSystem();
  }

  @Override
  public Source<JournalRecord, NotUsed> records() {
    return Source.fromJavaStream(this::lines).map(JournalExport::parse);
  }

  private Stream<String> lines() {
    try {
      HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(journal)
          .GET().build(), HttpResponse.BodyHandlers.ofLines());
      if (response.statusCode() != 200) {
        String body = response.body().collect(Collectors.joining("\n"));
        throw new IllegalStateException(journal + " answered " + response.statusCode() + ": "
            + body);
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + journal + ": " + (e.getMessage() != null
          ? e.getMessage() : e.getClass().getSimpleName()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading " + journal, e);
    }
  }

  @Override
  public ActorSystem<?> system() {
    return system;
  }

  @Override
  public void close() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
