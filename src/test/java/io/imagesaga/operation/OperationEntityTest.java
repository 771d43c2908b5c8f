package io.imagesaga.operation;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.Provenance;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import io.imagesaga.testkit.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** One operation: plan journaled, steps run, end journaled, then the answer; carried on. */
class OperationEntityTest {
  private static final ActorTestKit testKit = ActorTestKit.create(TestConfigs.entityTestKit());
  private static final OperationPlan PLAN = new OperationPlan.SetReference(
      reference("op:1"), ImageId.fromConfig("op".getBytes(StandardCharsets.UTF_8)));
  private static final Provenance ASKED = new Provenance("127.0.0.1:4242", "test/1", "req-1", "");

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void a_plan_that_runs_through_is_journaled_with_who_asked_then_answered() {
    var kit = kit("completes", call -> CompletableFuture.completedFuture(Done.getInstance()));
    var started = kit.<OperationCommand.Result>runCommand(
        replyTo -> new OperationCommand.Start(PLAN, ASKED, replyTo));
    assertThat(started.reply()).isEqualTo(OperationCommand.Completed.INSTANCE);
    assertThat(started.events()).first()
        .isEqualTo(new OperationEvent.Started(PLAN, ASKED, started.events().get(0).at()));
    assertThat(kit.getState().plan()).isNull();
  }

  @Test
  void a_refused_step_ends_the_operation_with_that_refusal() {
    Rejection missing = new Rejection.NotFound("No such image: op:1");
    var kit = kit("refused",
        call -> CompletableFuture.failedFuture(new RejectedException(missing)));
    assertThat(kit.<OperationCommand.Result>runCommand(
            replyTo -> new OperationCommand.Start(PLAN, ASKED, replyTo)).reply())
        .isEqualTo(new OperationCommand.Refused(missing));
    assertThat(kit.getState().plan()).isNull();
  }

  @Test
  void an_operation_cut_short_is_carried_on_after_recovery_with_the_same_id() {
    List<String> calls = new CopyOnWriteArrayList<>();
    var kit = kit("cut-short", call -> {
      calls.add(call);
      return calls.size() == 1 ? new CompletableFuture<>()
          : CompletableFuture.completedFuture(Done.getInstance());
    });
    kit.runCommand(new OperationCommand.Start(PLAN, ASKED,
        testKit.<OperationCommand.Result>createTestProbe().ref()));
    assertThat(kit.getState().plan()).isEqualTo(PLAN);

    kit.restart();
    kit.<Done>runCommand(OperationCommand.Settle::new);

    assertThat(kit.getState().plan()).isNull();
    assertThat(calls).containsExactly("cut-short", "cut-short");
  }

  @Test
  void an_operation_tells_its_steps_to_forget_once_its_end_is_journaled_and_never_before() {
    List<List<Object>> journaledAtForget = new CopyOnWriteArrayList<>();
    AtomicReference<EventSourcedBehaviorTestKit<OperationCommand, OperationEvent,
        OperationEntity.Running>> kit = new AtomicReference<>();
    CompletableFuture<Done> running = new CompletableFuture<>();
    OperationRunner steps = new OperationRunner() {
      @Override
      public CompletionStage<Done> run(String operationId, OperationPlan plan) {
        return running;
      }

      @Override
      public void forget(String operationId) {
        journaledAtForget.add(kit.get().persistenceTestKit().persistedInStorage(
            "Operation|" + operationId));
      }
    };
    kit.set(EventSourcedBehaviorTestKit.create(testKit.system(),
        OperationEntity.create("forgets", steps, Clock.systemUTC())));
    var client = testKit.<OperationCommand.Result>createTestProbe();
    kit.get().runCommand(new OperationCommand.Start(PLAN, ASKED, client.ref()));
    assertThat(kit.get().getState().plan()).isEqualTo(PLAN);
    assertThat(journaledAtForget).as("nothing forgotten while the steps run").isEmpty();

    running.complete(Done.getInstance());

    client.expectMessage(OperationCommand.Completed.INSTANCE);
    assertThat(journaledAtForget).hasSize(1);
    assertThat(journaledAtForget.get(0)).last().isInstanceOf(OperationEvent.Completed.class);
  }

  private static NamedReference reference(String name) {
    try {
      return References.parseNormalizedNamed(name);
    } catch (InvalidReferenceException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static EventSourcedBehaviorTestKit<OperationCommand, OperationEvent,
      OperationEntity.Running> kit(String id, Function<String, CompletionStage<Done>> steps) {
    return EventSourcedBehaviorTestKit.create(testKit.system(), OperationEntity.create(
        id, (operationId, plan) -> steps.apply(operationId), Clock.systemUTC()));
  }
}
