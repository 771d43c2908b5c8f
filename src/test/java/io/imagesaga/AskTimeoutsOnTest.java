package io.imagesaga;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import scala.concurrent.Promise;
import scala.jdk.javaapi.FutureConverters;

/**
 * An entity's answer (Scala's {@code CompletableFuture}, as Pekko's Java ask returns it)
 * continues on the executor given, not on a thread started for the stage.
 */
class AskTimeoutsOnTest {
  @Test
  void dependents_of_an_answer_run_on_the_given_executor() throws Exception {
    ExecutorService answers = Executors.newSingleThreadExecutor(r -> new Thread(r, "answers"));
    try {
      Promise<String> reply = Promise.apply();
      CompletionStage<String> ask = FutureConverters.asJava(reply.future());
      var thread = AskTimeouts.on(answers, ask)
          .thenApply(value -> value + " on " + Thread.currentThread().getName())
          .toCompletableFuture();
      reply.success("answered");
      assertThat(thread.get(10, TimeUnit.SECONDS)).isEqualTo("answered on answers");
    } finally {
      answers.shutdownNow();
    }
  }
}
