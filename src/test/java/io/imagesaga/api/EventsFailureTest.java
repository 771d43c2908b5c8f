package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.app.AppConfig;
import io.imagesaga.audit.DockerEventStream;
import io.imagesaga.audit.EventJournal;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /events} whose journal cannot say where it ends: the answer goes through the
 * error map as every other failure does (JSON, the fixed text, a named timeout as a 503).
 */
class EventsFailureTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void a_journal_that_fails_is_a_json_500_without_its_text() throws Exception {
    HttpResponse answer = events(new IllegalStateException("/var/lib/imagesaga/journal: gone"));

    assertThat(answer.status().intValue()).isEqualTo(500);
    assertThat(answer.entity().getContentType().toString()).isEqualTo("application/json");
    assertThat(text(answer)).isEqualTo("{\"message\":\"" + Errors.INTERNAL + "\"}");
  }

  @Test
  void a_journal_that_does_not_answer_in_time_is_a_503_naming_it() throws Exception {
    String named = "timed out after 10s waiting for the event journal's end; try again";
    HttpResponse answer = events(new RejectedException(new Rejection.Unavailable(named)));

    assertThat(answer.status().intValue()).isEqualTo(503);
    assertThat(text(answer)).isEqualTo("{\"message\":\"" + named + "\"}");
  }

  private static HttpResponse events(Throwable endFailure) throws Exception {
    var route = new EventRoutes(new DockerEventStream(new FailingJournal(endFailure), 16),
        Limits.of(AppConfig.load(Path.of("conf"), Map.of()))).events();
    return route.seal().handler(testKit.system()).apply(HttpRequest.GET("/events"))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static String text(HttpResponse answer) throws Exception {
    return answer.entity().toStrict(10_000, testKit.system()).toCompletableFuture()
        .get(10, TimeUnit.SECONDS).getData().utf8String();
  }

  /** A journal whose end cannot be had; nothing else of it is read before that. */
  private record FailingJournal(Throwable endFailure) implements EventJournal {
    @Override
    public CompletionStage<Long> end() {
      return CompletableFuture.failedFuture(endFailure);
    }

    @Override
    public Source<EventEnvelope, NotUsed> following(long after) {
      throw new AssertionError("not read without an end");
    }

    @Override
    public Source<EventEnvelope, NotUsed> current(long after) {
      throw new AssertionError("not read without an end");
    }

    @Override
    public Source<EventEnvelope, NotUsed> entity(String persistenceId, long toSequenceNr) {
      throw new AssertionError("not read without an end");
    }
  }
}
