package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One kind of long work let in: permits, then a bounded queue, then 503 to try later. */
class AdmissionTest {
  private static final Duration LONG = Duration.ofMinutes(5);

  @Test
  void permits_then_the_queue_then_busy() throws Exception {
    Admission loads = new Admission("loads", new Limits.Gate(2, 1), LONG, Duration.ofSeconds(7));
    Admission.Permit first = done(loads.enter());
    Admission.Permit second = done(loads.enter());
    CompletableFuture<Admission.Permit> queued = loads.enter().toCompletableFuture();
    assertThat(queued).isNotDone();

    assertThat(busy(loads.enter())).isEqualTo(new Rejection.Busy(
        "too many loads at once: 2 running and 1 waiting; try again in 7s", 7));

    first.release();
    first.release();
    Admission.Permit third = queued.get(30, TimeUnit.SECONDS);
    // Released twice, the first permit freed one turn: the next one waits again.
    CompletableFuture<Admission.Permit> fourth = loads.enter().toCompletableFuture();
    assertThat(fourth).isNotDone();
    second.release();
    fourth.get(30, TimeUnit.SECONDS).release();
    third.release();
    Admission.Permit again = done(loads.enter());
    done(loads.enter()).release();
    again.release();
  }

  @Test
  void a_queued_request_waits_only_so_long() throws Exception {
    Admission pulls = new Admission("pulls", new Limits.Gate(1, 4), Duration.ofMillis(50),
        Duration.ofSeconds(3));
    Admission.Permit running = done(pulls.enter());
    CompletionStage<Admission.Permit> waiting = pulls.enter();

    assertThat(busy(waiting)).isEqualTo(new Rejection.Busy(
        "waited 50ms for one of 1 running pulls to end; try again in 3s", 3));
    running.release();
    // The waiter that gave up took no permit with it.
    done(pulls.enter()).release();
  }

  private static Admission.Permit done(CompletionStage<Admission.Permit> permit)
      throws Exception {
    CompletableFuture<Admission.Permit> future = permit.toCompletableFuture();
    assertThat(future).isDone();
    return future.get();
  }

  private static Rejection busy(CompletionStage<Admission.Permit> permit) throws Exception {
    try {
      permit.toCompletableFuture().get(30, TimeUnit.SECONDS);
      throw new AssertionError("admitted");
    } catch (ExecutionException e) {
      return ((RejectedException) e.getCause()).rejection();
    }
  }
}
