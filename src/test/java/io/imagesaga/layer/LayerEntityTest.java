package io.imagesaga.layer;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.Confirmation;
import io.imagesaga.layer.LayerCommand.Acquired;
import io.imagesaga.layer.LayerCommand.Released;
import io.imagesaga.reference.Digest;
import io.imagesaga.testkit.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A layer's holders: acquire, release, removal, re-creation, steps asked again, recovery. */
class LayerEntityTest {
  private static final ActorTestKit testKit = ActorTestKit.create(TestConfigs.entityTestKit());
  private static final Digest CHAIN = digest("chain");
  private static final Digest PARENT = digest("parent");
  private static final Holder A = new Holder("sha256:a", "op-a");
  private static final Holder B = new Holder("sha256:b", "op-b");

  private final EventSourcedBehaviorTestKit<LayerCommand, LayerEvent, LayerState> kit =
      EventSourcedBehaviorTestKit.create(testKit.system(),
          LayerEntity.create(CHAIN, Clock.systemUTC(), 100));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    kit.clear();
  }

  @Test
  void the_first_holder_creates_the_layer_and_the_last_removes_it() {
    assertThat(acquire("op-a", A)).isEqualTo(new Acquired(true, 1));
    assertThat(acquire("op-b", B)).isEqualTo(new Acquired(false, 1));
    assertThat(release("saga-1", A)).isEqualTo(LayerCommand.Kept.INSTANCE);
    kit.restart();
    assertThat(kit.getState().holders()).containsExactly(B);
    assertThat(release("saga-2", B)).isEqualTo(
        new LayerCommand.Removed(CHAIN, Optional.of(PARENT), 42, Optional.empty(), 1));
    assertThat(kit.getState().isPresent()).isFalse();
    assertThat(release("saga-3", B)).isEqualTo(LayerCommand.NotHeld.INSTANCE);
    assertThat(acquire("op-c", A)).as("a new incarnation").isEqualTo(new Acquired(true, 2));
  }

  @Test
  void get_answers_in_every_state() {
    assertThat(kit.<LayerState>runCommand(LayerCommand.Get::new).reply().isPresent()).isFalse();
    acquire("op-a", A);
    assertThat(kit.<LayerState>runCommand(LayerCommand.Get::new).reply().diffSize())
        .isEqualTo(42);
  }

  @Test
  void the_layer_keeps_the_blob_it_was_created_with_and_hands_it_over_when_removed() {
    var owner = EventSourcedBehaviorTestKit.<LayerCommand, LayerEvent, LayerState>create(
        testKit.system(), LayerEntity.create(digest("owner"), Clock.systemUTC(), 100));
    assertThat(owner.<Acquired>runCommand(r -> LayerCommand.Acquire.of(Optional.empty(),
        digest("diff"), 42, Optional.of("first"), "op-1", A, r)).reply().created()).isTrue();
    assertThat(owner.<Acquired>runCommand(r -> LayerCommand.Acquire.of(Optional.empty(),
        digest("diff"), 42, Optional.of("second"), "op-2", B, r)).reply().created()).isFalse();
    owner.restart();
    assertThat(owner.getState().blob()).contains("first");
    owner.<Released>runCommand(r -> LayerCommand.Release.of("saga-1", A, r));
    assertThat(owner.<Released>runCommand(r -> LayerCommand.Release.of("saga-2", B, r)).reply())
        .isEqualTo(new LayerCommand.Removed(digest("owner"), Optional.empty(), 42,
            Optional.of("first"), 1));
    assertThat(owner.getState().blob()).isEmpty();
  }

  @Test
  void a_release_asked_again_by_the_same_saga_step_is_counted_once() {
    acquire("op-a", A);
    acquire("op-b", B);
    var first = kit.<Released>runCommand(r -> LayerCommand.Release.of("saga-1", A, r));
    var again = kit.<Released>runCommand(r -> LayerCommand.Release.of("saga-1", A, r));
    assertThat(first.reply()).isEqualTo(LayerCommand.Kept.INSTANCE);
    assertThat(again.reply()).as("no longer a holder: frees nothing, as the first time")
        .isEqualTo(LayerCommand.NotHeld.INSTANCE);
    assertThat(again.hasNoEvents()).isTrue();
    assertThat(kit.getState().holders()).containsExactly(B);
    var last = kit.<Released>runCommand(r -> LayerCommand.Release.of("saga-2", B, r));
    acquire("op-c", A);
    kit.restart();
    var replayed = kit.<Released>runCommand(r -> LayerCommand.Release.of("saga-2", B, r));
    assertThat(replayed.reply()).as("the removal of incarnation 1, not of the new one")
        .isEqualTo(last.reply()).isInstanceOf(LayerCommand.Removed.class);
    assertThat(replayed.hasNoEvents()).isTrue();
    assertThat(kit.getState().holders()).containsExactly(A);
  }

  @Test
  void a_re_acquire_by_the_same_holder_is_a_no_op() {
    acquire("op-a", A);
    var again = kit.<Acquired>runCommand(r -> LayerCommand.Acquire.of(Optional.of(PARENT),
        digest("diff"), 42, Optional.empty(), "op-other", A, r));
    assertThat(again.hasNoEvents()).isTrue();
    assertThat(again.reply()).as("its creator, told so again").isEqualTo(new Acquired(true, 1));
    assertThat(kit.getState().holders()).containsExactly(A);
  }

  @Test
  void a_release_by_a_holder_that_does_not_hold_is_a_no_op() {
    acquire("op-a", A);
    var stray = kit.<Released>runCommand(r -> LayerCommand.Release.of("saga-1", B, r));
    assertThat(stray.reply()).isEqualTo(LayerCommand.NotHeld.INSTANCE);
    assertThat(stray.hasNoEvents()).isTrue();
    assertThat(kit.getState().holders()).containsExactly(A);
  }

  @Test
  void a_release_for_a_removed_incarnation_of_a_child_leaves_the_new_one_holding() {
    Holder first = Holder.layer(digest("child"), 1);
    Holder second = Holder.layer(digest("child"), 2);
    acquire("op-1", first);
    acquire("op-2", second);
    assertThat(release("saga-late", first)).isEqualTo(LayerCommand.Kept.INSTANCE);
    assertThat(kit.getState().holders()).containsExactly(second);
  }

  @Test
  void steps_asked_again_after_many_other_steps_are_answered_as_the_first_time() {
    assertThat(acquire("op-a", A)).isEqualTo(new Acquired(true, 1));
    for (int i = 0; i < 200; i++) {
      Holder other = new Holder("sha256:" + i, "op-" + i);
      acquire("op-" + i, other);
      release("saga-" + i, other);
    }
    var acquiredAgain = kit.<Acquired>runCommand(r -> LayerCommand.Acquire.of(
        Optional.of(PARENT), digest("diff"), 42, Optional.empty(), "op-a", A, r));
    assertThat(acquiredAgain.reply()).isEqualTo(new Acquired(true, 1));
    assertThat(acquiredAgain.hasNoEvents()).isTrue();
    assertThat(release("saga-a", A)).isInstanceOf(LayerCommand.Removed.class);
    for (int i = 0; i < 200; i++) {
      Holder other = new Holder("sha256:" + i, "op-" + i);
      acquire("again-" + i, other);
      release("again-" + i, other);
    }
    var releasedAgain = kit.<Released>runCommand(r -> LayerCommand.Release.of("saga-a", A, r));
    assertThat(releasedAgain.reply()).as("the removal of incarnation 1, of 201").isEqualTo(
        new LayerCommand.Removed(CHAIN, Optional.of(PARENT), 42, Optional.empty(), 1));
    assertThat(releasedAgain.hasNoEvents()).isTrue();
    assertThat(kit.getState().incarnation()).isEqualTo(201);
  }

  @Test
  void only_a_removal_is_remembered_and_once_forgotten_forgetting_again_writes_nothing() {
    acquire("op-a", A);
    release("saga-a", A);
    acquire("op-b", B);
    assertThat(kit.getState().steps()).extracting(LayerState.Step::step)
        .containsExactly("saga-a/sha256:a");
    var nothing = kit.<Confirmation>runCommand(r -> new LayerCommand.Forget("op-b", r));
    var forgot = kit.<Confirmation>runCommand(r -> new LayerCommand.Forget("saga-a", r));
    var again = kit.<Confirmation>runCommand(r -> new LayerCommand.Forget("saga-a", r));
    assertThat(forgot.reply()).isEqualTo(again.reply()).isEqualTo(Confirmation.confirmed());
    assertThat(forgot.events()).hasSize(1);
    assertThat(nothing.hasNoEvents() && again.hasNoEvents()).isTrue();
    assertThat(kit.getState().steps()).isEmpty();
    assertThat(kit.getState().holders()).containsExactly(B);
  }

  @Test
  void events_journaled_before_holders_had_incarnations_replay_with_their_holders_by_id() {
    Instant at = Instant.EPOCH;
    LayerState state = LayerState.absent()
        .apply(new LayerEvent.Created(Optional.empty(), digest("diff"), 42, Optional.of("b"),
            "op-1/sha256:a", at, null))
        .apply(new LayerEvent.HolderAdded(at, "op-2/sha256:b", null))
        .apply(new LayerEvent.HolderAdded(at, "op-3/sha256:b", null));
    assertThat(state.holders()).containsExactlyInAnyOrder(
        new Holder("sha256:a", null), new Holder("sha256:b", null));
    assertThat(state.held(A)).as("a legacy holder stands for any incarnation")
        .contains(new Holder("sha256:a", null));
    assertThat(state.steps()).noneMatch(LayerState.Step::untilForgotten);
    LayerState released = state.apply(new LayerEvent.HolderReleased(at, "s/sha256:a", A));
    assertThat(released.holders()).containsExactly(new Holder("sha256:b", null));
  }

  private Acquired acquire(String operation, Holder holder) {
    return kit.<Acquired>runCommand(r -> LayerCommand.Acquire.of(Optional.of(PARENT),
        digest("diff"), 42, Optional.empty(), operation, holder, r)).reply();
  }

  private Released release(String saga, Holder holder) {
    return kit.<Released>runCommand(r -> LayerCommand.Release.of(saga, holder, r)).reply();
  }

  private static Digest digest(String seed) {
    return Digest.sha256(seed.getBytes(StandardCharsets.UTF_8));
  }
}
