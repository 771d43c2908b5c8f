package io.imagesaga.deletion;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.Provenance;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.deletion.DeletionCommand.Result;
import io.imagesaga.image.DeleteOutcome;
import io.imagesaga.image.ImageDeleteStep;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import io.imagesaga.testkit.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.journal.Tagged;
import org.apache.pekko.persistence.testkit.JournalOperation;
import org.apache.pekko.persistence.testkit.ProcessingSuccess$;
import org.apache.pekko.persistence.testkit.WriteEvents;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** One delete saga: planned, journaled, run, ended, answered; resumed or dropped after a crash. */
class DeletionEntityTest {
  private static final ActorTestKit testKit = ActorTestKit.create(TestConfigs.entityTestKit());
  private static final ImageId IMAGE = ImageId.fromConfig("del".getBytes(StandardCharsets.UTF_8));
  private static final DeletePlan PLAN = new DeletePlan(IMAGE, Optional.empty(), IMAGE.hex(),
      DeleteOptions.defaults(), Optional.empty());
  private static final List<DeleteRecord> RECORDS = List.of(new DeleteRecord.DeletedImage(IMAGE));
  private static final Provenance ASKED = new Provenance("127.0.0.1:4242", "test/1", "req-1", "");

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void a_delete_is_journaled_with_who_asked_before_its_steps_and_answered_after_its_end() {
    var kit = kit("runs", new DeletionDependencies(request -> done(PLAN),
        (saga, plan) -> done(RECORDS), (image, saga) -> done(notTaken(saga)), Clock.systemUTC()));
    var result = kit.<Result>runCommand(r -> start(r));
    assertThat(result.reply()).isEqualTo(new DeletionCommand.Finished(RECORDS));
    assertThat(result.events()).first().isInstanceOf(DeletionEvent.Started.class)
        .extracting(e -> ((DeletionEvent.Started) e).provenance()).isEqualTo(ASKED);
    assertThat(kit.getState().phase()).isEqualTo(DeletionState.Phase.ENDED);
  }

  @Test
  void a_name_that_does_not_resolve_is_refused_and_leaves_no_trace() {
    Rejection missing = new Rejection.NotFound("No such image: nosuch:latest");
    var kit = kit("unresolved", new DeletionDependencies(
        request -> CompletableFuture.failedFuture(new RejectedException(missing)),
        (saga, plan) -> done(RECORDS), (image, saga) -> done(notTaken(saga)), Clock.systemUTC()));
    var result = kit.<Result>runCommand(r -> start(r));
    assertThat(result.reply()).isEqualTo(new DeletionCommand.Refused(missing));
    assertThat(result.hasNoEvents()).isTrue();
  }

  @Test
  void a_saga_cut_short_before_its_first_step_is_dropped_after_recovery() {
    var kit = kit("dropped", new DeletionDependencies(request -> done(PLAN),
        (saga, plan) -> new CompletableFuture<>(), (image, saga) -> done(notTaken(saga)),
        Clock.systemUTC()));
    kit.runCommand(start(testKit.<Result>createTestProbe().ref()));
    assertThat(kit.getState().isStarted()).as("journaled before the restart").isTrue();

    kit.restart();
    kit.<Done>runCommand(DeletionCommand.Settle::new);

    assertThat(kit.getState().phase()).isEqualTo(DeletionState.Phase.ENDED);
  }

  @Test
  void a_saga_cut_short_after_its_first_step_runs_its_steps_again_after_recovery() {
    List<String> runs = new CopyOnWriteArrayList<>();
    DeleteOutcome taken = new DeleteOutcome.Done(new ImageDeleteStep(List.of(), List.of(), true,
        Optional.empty(), Optional.empty()));
    PrometheusRegistry registry = new PrometheusRegistry();
    var kit = kit("resumed", new DeletionDependencies(request -> done(PLAN), (saga, plan) -> {
      runs.add(saga);
      return runs.size() == 1 ? new CompletableFuture<>() : done(RECORDS);
    }, (image, saga) -> done(taken), Clock.systemUTC(), new SagaMetrics(registry)));
    kit.runCommand(start(testKit.<Result>createTestProbe().ref()));
    // The plan reaches the saga as a message of its own: wait until it is journaled, or a restart
    // could hand it to the next incarnation as a fresh start.
    assertThat(kit.getState().isStarted()).isTrue();

    kit.restart();
    kit.<Done>runCommand(DeletionCommand.Settle::new);

    assertThat(runs).containsExactly("resumed", "resumed");
    assertThat(kit.getState().phase()).isEqualTo(DeletionState.Phase.ENDED);
    assertThat(counter(registry, "imagesaga_sagas_started", "saga", "delete")).isEqualTo(1);
    assertThat(counter(registry, "imagesaga_sagas_resumed", "saga", "delete")).isEqualTo(1);
    assertThat(counter(registry, "imagesaga_sagas_finished", "outcome", "completed"))
        .isEqualTo(1);
  }

  /** The counter {@code name}'s value where {@code label} is {@code value}. */
  private static double counter(PrometheusRegistry registry, String name, String label,
      String value) {
    return registry.scrape(name::equals).stream()
        .flatMap(metric -> ((CounterSnapshot) metric).getDataPoints().stream())
        .filter(point -> value.equals(point.getLabels().get(label)))
        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
  }

  @Test
  void a_conditional_delete_whose_tag_moved_before_the_untag_fails_its_precondition() {
    DeletePlan untag = new DeletePlan(IMAGE, Optional.of(reference("app:1")),
        "app:1", DeleteOptions.defaults(), Optional.of(IMAGE));
    var kit = kit("moved", new DeletionDependencies(request -> done(untag),
        (saga, plan) -> CompletableFuture.failedFuture(new RejectedException(
            new Rejection.NotFound("No such image: app:1"))),
        (image, saga) -> done(notTaken(saga)), Clock.systemUTC()));
    var result = kit.<Result>runCommand(r -> new DeletionCommand.Start("app:1",
        DeleteOptions.defaults(), Optional.of(IMAGE), ASKED, r));
    assertThat(result.reply()).isEqualTo(new DeletionCommand.Refused(
        new Rejection.PreconditionFailed("precondition failed: app:1 does not name image "
            + IMAGE)));
    assertThat(result.events()).hasSize(2).last().isInstanceOf(DeletionEvent.Failed.class);
  }

  @Test
  void a_saga_tells_its_steps_to_forget_once_its_end_is_journaled_and_never_before() {
    List<List<Object>> journaledAtForget = new CopyOnWriteArrayList<>();
    AtomicReference<EventSourcedBehaviorTestKit<DeletionCommand, DeletionEvent, DeletionState>>
        kit = new AtomicReference<>();
    CompletableFuture<List<DeleteRecord>> running = new CompletableFuture<>();
    DeletionDependencies.Steps steps = new DeletionDependencies.Steps() {
      @Override
      public CompletionStage<List<DeleteRecord>> run(String sagaId, DeletePlan plan) {
        return running;
      }

      @Override
      public void forget(String sagaId) {
        journaledAtForget.add(kit.get().persistenceTestKit().persistedInStorage(
            "Deletion|" + sagaId));
      }
    };
    kit.set(kit("forgets", new DeletionDependencies(request -> done(PLAN), steps,
        (image, saga) -> done(notTaken(saga)), Clock.systemUTC())));
    var client = testKit.<Result>createTestProbe();
    kit.get().runCommand(start(client.ref()));
    assertThat(kit.get().getState().isStarted()).isTrue();
    assertThat(journaledAtForget).as("nothing forgotten while the steps run").isEmpty();

    running.complete(RECORDS);

    client.expectMessage(new DeletionCommand.Finished(RECORDS));
    // The client may hear before the end is journaled; a command is handled only after it is.
    assertThat(kit.get().getState().phase()).isEqualTo(DeletionState.Phase.ENDED);
    assertThat(journaledAtForget).hasSize(1);
    assertThat(journaledAtForget.get(0)).last().isInstanceOf(DeletionEvent.Finished.class);
  }

  @Test
  void a_finished_delete_answers_while_its_end_is_still_being_written() throws Exception {
    CountDownLatch written = new CountDownLatch(1);
    CompletableFuture<List<DeleteRecord>> steps = new CompletableFuture<>();
    var kit = kit("answered-early", new DeletionDependencies(request -> done(PLAN),
        (saga, plan) -> steps, (image, saga) -> done(notTaken(saga)), Clock.systemUTC()));
    kit.persistenceTestKit().withPolicy((persistenceId, operation) -> {
      if (persistenceId.equals("Deletion|answered-early") && writes(operation,
          DeletionEvent.Finished.class)) {
        await(written);
      }
      return ProcessingSuccess$.MODULE$;
    });
    try {
      var client = testKit.<Result>createTestProbe();
      kit.runCommand(start(client.ref()));
      assertThat(kit.getState().isStarted()).isTrue();

      steps.complete(RECORDS);

      client.expectMessage(new DeletionCommand.Finished(RECORDS));
    } finally {
      written.countDown();
      kit.persistenceTestKit().resetPolicy();
    }
    assertThat(kit.getState().records()).as("journaled all the same").isEqualTo(RECORDS);
  }

  @Test
  void a_finished_delete_whose_end_was_lost_journals_the_records_it_answered() {
    List<String> runs = new CopyOnWriteArrayList<>();
    CompletableFuture<List<DeleteRecord>> first = new CompletableFuture<>();
    DeleteOutcome taken = new DeleteOutcome.Done(new ImageDeleteStep(List.of(), List.of(), true,
        Optional.empty(), Optional.empty()));
    var kit = kit("end-lost", new DeletionDependencies(request -> done(PLAN),
        (saga, plan) -> {
          runs.add(saga);
          return runs.size() == 1 ? first : done(RECORDS);
        }, (image, saga) -> done(taken), Clock.systemUTC()));
    var client = testKit.<Result>createTestProbe();
    kit.runCommand(start(client.ref()));
    assertThat(kit.getState().isStarted()).isTrue();
    kit.persistenceTestKit().failNextPersisted("Deletion|end-lost");

    first.complete(RECORDS);

    client.expectMessage(new DeletionCommand.Finished(RECORDS));
    kit.<Done>runCommand(DeletionCommand.Settle::new);
    assertThat(kit.getState().records()).isEqualTo(RECORDS);
    assertThat(runs).containsExactly("end-lost", "end-lost");
  }

  @Test
  void a_start_asked_again_after_the_end_answers_the_journaled_result_and_runs_nothing() {
    List<String> runs = new CopyOnWriteArrayList<>();
    var kit = kit("again", new DeletionDependencies(request -> done(PLAN), (saga, plan) -> {
      runs.add(saga);
      return done(RECORDS);
    }, (image, saga) -> done(notTaken(saga)), Clock.systemUTC()));
    kit.<Result>runCommand(r -> start(r));

    var again = kit.<Result>runCommand(r -> start(r));
    assertThat(again.reply()).isEqualTo(new DeletionCommand.Finished(RECORDS));
    assertThat(again.hasNoEvents()).isTrue();
    kit.restart();
    assertThat(kit.<Result>runCommand(r -> start(r)).reply())
        .as("after a recovery, from the journal").isEqualTo(new DeletionCommand.Finished(RECORDS));
    assertThat(runs).containsExactly("again");
  }

  @Test
  void a_refused_saga_asked_again_answers_its_journaled_refusal() {
    Rejection inUse = Rejection.Conflict.hard("conflict: unable to delete x (cannot be forced)");
    var kit = kit("refused-again", new DeletionDependencies(request -> done(PLAN),
        (saga, plan) -> CompletableFuture.failedFuture(new RejectedException(inUse)),
        (image, saga) -> done(notTaken(saga)), Clock.systemUTC()));
    kit.<Result>runCommand(r -> start(r));
    kit.restart();
    assertThat(kit.<Result>runCommand(r -> start(r)).reply())
        .isEqualTo(new DeletionCommand.Refused(inUse));
  }

  @Test
  void a_start_asked_again_while_the_steps_run_is_answered_when_they_end() {
    CompletableFuture<List<DeleteRecord>> running = new CompletableFuture<>();
    var kit = kit("in-flight", new DeletionDependencies(request -> done(PLAN),
        (saga, plan) -> running, (image, saga) -> done(notTaken(saga)), Clock.systemUTC()));
    var first = testKit.<Result>createTestProbe();
    var second = testKit.<Result>createTestProbe();
    kit.runCommand(start(first.ref()));
    assertThat(kit.getState().isStarted()).isTrue();
    kit.runCommand(start(second.ref()));
    second.expectNoMessage(java.time.Duration.ofMillis(100));

    running.complete(RECORDS);

    first.expectMessage(new DeletionCommand.Finished(RECORDS));
    second.expectMessage(new DeletionCommand.Finished(RECORDS));
  }

  @Test
  void a_start_asked_again_while_the_name_resolves_is_answered_with_the_first() {
    CompletableFuture<DeletePlan> planning = new CompletableFuture<>();
    List<String> plans = new CopyOnWriteArrayList<>();
    var kit = kit("planning", new DeletionDependencies(request -> {
      plans.add(request.input());
      return planning;
    }, (saga, plan) -> done(RECORDS), (image, saga) -> done(notTaken(saga)), Clock.systemUTC()));
    var first = testKit.<Result>createTestProbe();
    var second = testKit.<Result>createTestProbe();
    kit.runCommand(start(first.ref()));
    kit.runCommand(start(second.ref()));

    planning.complete(PLAN);

    first.expectMessage(new DeletionCommand.Finished(RECORDS));
    second.expectMessage(new DeletionCommand.Finished(RECORDS));
    assertThat(plans).hasSize(1);
  }

  @Test
  void an_abandoned_saga_asked_again_says_so_and_does_nothing() {
    var kit = kit("abandoned-again", new DeletionDependencies(request -> done(PLAN),
        (saga, plan) -> new CompletableFuture<>(), (image, saga) -> done(notTaken(saga)),
        Clock.systemUTC()));
    kit.runCommand(start(testKit.<Result>createTestProbe().ref()));
    assertThat(kit.getState().isStarted()).isTrue();
    kit.restart();
    kit.<Done>runCommand(DeletionCommand.Settle::new);

    var again = kit.<Result>runCommand(r -> start(r));
    assertThat(again.reply()).isEqualTo(DeletionCommand.Abandoned.INSTANCE);
    assertThat(again.hasNoEvents()).isTrue();
  }

  private static NamedReference reference(String name) {
    try {
      return References.parseNormalizedNamed(name);
    } catch (InvalidReferenceException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static DeletionCommand start(ActorRef<Result> replyTo) {
    return new DeletionCommand.Start(IMAGE.hex(), DeleteOptions.defaults(), Optional.empty(),
        ASKED, replyTo);
  }

  /** Whether a journal operation writes an event of {@code type} (tagged or not). */
  private static boolean writes(JournalOperation operation, Class<?> type) {
    return operation instanceof WriteEvents write && write.getBatch().stream()
        .map(event -> event instanceof Tagged tagged ? tagged.payload() : event)
        .anyMatch(type::isInstance);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static DeleteOutcome notTaken(String saga) {
    return new DeleteOutcome.NotTaken(saga);
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  private static EventSourcedBehaviorTestKit<DeletionCommand, DeletionEvent, DeletionState> kit(
      String sagaId, DeletionDependencies deps) {
    return EventSourcedBehaviorTestKit.create(testKit.system(),
        DeletionEntity.create(sagaId, deps));
  }
}
