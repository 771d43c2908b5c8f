package io.imagesaga.image;

import static io.imagesaga.image.ImageStates.C1;
import static io.imagesaga.image.ImageStates.LAYER;
import static io.imagesaga.image.ImageStates.T0;
import static io.imagesaga.image.ImageStates.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.Confirmation;
import io.imagesaga.Rejection;
import io.imagesaga.image.ImageCommand.Registration;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.TestConfigs;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every command of {@link ImageEntity} in every lifecycle state, and recovery. */
class ImageEntityTest {
  private static final ActorTestKit testKit = ActorTestKit.create(TestConfigs.entityTestKit());
  private static final ImageId ID = ImageStates.id("entity");
  private static final ImageMetadata METADATA = new ImageMetadata(ID, Optional.empty(),
      Optional.of(LAYER), T0, "linux", 10, Map.of("org.example", "yes"));

  private final EventSourcedBehaviorTestKit<ImageCommand, ImageEvent, ImageState> kit =
      EventSourcedBehaviorTestKit.create(testKit.system(),
          ImageEntity.create(ID, ImageObserver.NONE, Clock.fixed(T0, ZoneOffset.UTC), 100));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    kit.clear();
  }

  @Test
  void an_absent_image_refuses_everything_but_registration() {
    assertThat(kit.<Confirmation>runCommand(r -> new ImageCommand.AddReference(ref("a:1"), r))
        .reply()).isEqualTo(Confirmation.rejected(
            new Rejection.NotFound("No such image: " + ID)));
    assertThat(kit.<Confirmation>runCommand(r -> new ImageCommand.AttachContainer(C1, r))
        .reply()).isInstanceOf(Confirmation.Rejected.class);
    assertThat(kit.<Confirmation>runCommand(r -> new ImageCommand.AddChild(ID, 1, r)).reply())
        .isInstanceOf(Confirmation.Rejected.class);
    assertThat(kit.<DeleteOutcome>runCommand(
        r -> new ImageCommand.DeleteById(true, "saga-1", r)).reply())
        .isInstanceOf(DeleteOutcome.Rejected.class);
    assertThat(kit.<DeleteOutcome>runCommand(
        r -> new ImageCommand.Untag(ref("a:1"), "a:1", false, "saga-1", r)).reply())
        .isInstanceOf(DeleteOutcome.Rejected.class);
    assertThat(kit.<DeleteOutcome>runCommand(
        r -> new ImageCommand.ReleaseChild(ID, 2, true, "saga-1", r)).reply())
        .isInstanceOf(DeleteOutcome.Rejected.class);
    assertThat(kit.<Confirmation>runCommand(r -> new ImageCommand.RemoveReference(ref("a:1"), r))
        .reply()).isEqualTo(Confirmation.confirmed());
    assertThat(kit.<Confirmation>runCommand(r -> new ImageCommand.Announce("load", "x", r))
        .reply()).isInstanceOf(Confirmation.Rejected.class);
    assertThat(kit.getState().lifecycle()).isEqualTo(ImageState.Lifecycle.ABSENT);
  }

  @Test
  void registration_is_idempotent() {
    var first = kit.<Registration>runCommand(register("op-1"));
    assertThat(first.reply()).isEqualTo(Registration.CREATED);
    var second = kit.<Registration>runCommand(register("op-2"));
    assertThat(second.reply()).isEqualTo(Registration.ALREADY_PRESENT);
    assertThat(second.hasNoEvents()).isTrue();
    var again = kit.<Registration>runCommand(register("op-1"));
    assertThat(again.reply()).as("the registering operation, resumed").isEqualTo(
        Registration.CREATED);
    assertThat(again.hasNoEvents()).isTrue();
  }

  @Test
  void a_registration_for_another_generation_changes_nothing_and_is_told_to_look_again() {
    assertThat(kit.<Registration>runCommand(register("op-1", 2, Optional.empty())).reply())
        .as("absent at generation 0: only the incarnation at 1 can be registered")
        .isEqualTo(Registration.MOVED);
    register();
    assertThat(kit.<Registration>runCommand(register("op-2", 3, Optional.empty())).reply())
        .isEqualTo(Registration.MOVED);
    assertThat(kit.<DeleteOutcome>runCommand(
        r -> new ImageCommand.DeleteById(true, "saga-1", r)).reply())
        .isInstanceOf(DeleteOutcome.Done.class);
    assertThat(kit.<Registration>runCommand(register("op-2", 1, Optional.empty())).reply())
        .as("the incarnation at 1 was deleted").isEqualTo(Registration.MOVED);
    assertThat(kit.<Registration>runCommand(register("op-2", 3, Optional.empty())).reply())
        .isEqualTo(Registration.CREATED);
    assertThat(kit.getState().generation()).isEqualTo(3);
  }

  @Test
  void a_present_image_registered_again_with_a_lease_is_leased_in_the_same_step() {
    register();
    var lease = new ImageState.Lease("import-2", T0.plusSeconds(600));
    var again = kit.<Registration>runCommand(register("op-2", 1, Optional.of(lease)));
    assertThat(again.reply()).isEqualTo(Registration.ALREADY_PRESENT);
    assertThat(kit.getState().leases()).containsExactly(lease);
  }

  @Test
  void a_late_release_of_a_deleted_incarnation_leaves_the_one_registered_since_listed() {
    register();
    confirm(r -> new ImageCommand.AddChild(ImageStates.CHILD, 3, r));
    var late = kit.<DeleteOutcome>runCommand(
        r -> new ImageCommand.ReleaseChild(ImageStates.CHILD, 2, false, "saga-1", r));
    assertThat(late.reply()).isInstanceOf(DeleteOutcome.Done.class);
    assertThat(late.hasNoEvents()).isTrue();
    assertThat(kit.getState().children()).containsExactly(ImageStates.CHILD);
  }

  @Test
  void a_late_add_of_a_released_incarnation_leaves_the_child_unlisted() {
    register();
    confirm(r -> new ImageCommand.AddChild(ImageStates.CHILD, 1, r));
    kit.<DeleteOutcome>runCommand(
        r -> new ImageCommand.ReleaseChild(ImageStates.CHILD, 2, false, "saga-1", r));
    var late = kit.<Confirmation>runCommand(
        r -> new ImageCommand.AddChild(ImageStates.CHILD, 1, r));
    assertThat(late.reply()).isEqualTo(Confirmation.confirmed());
    assertThat(late.hasNoEvents()).isTrue();
    assertThat(kit.getState().children()).isEmpty();
  }

  @Test
  void a_present_image_tracks_references_children_and_containers() {
    register();
    confirm(r -> new ImageCommand.AddReference(ref("a:1"), r));
    confirm(r -> new ImageCommand.AddReference(ref("a:1"), r));
    confirm(r -> new ImageCommand.AddChild(ImageStates.CHILD, 1, r));
    confirm(r -> new ImageCommand.AttachContainer(C1, r));
    confirm(r -> new ImageCommand.SetContainerRunning(C1, true, r));
    ImageState state = kit.getState();
    assertThat(state.references()).containsExactly(ref("a:1"));
    assertThat(state.children()).containsExactly(ImageStates.CHILD);
    assertThat(state.containers()).containsExactly(new ContainerUse(C1, true));
    confirm(r -> new ImageCommand.SetContainerRunning(C1, false, r));
    confirm(r -> new ImageCommand.DetachContainer(C1, r));
    confirm(r -> new ImageCommand.RemoveReference(ref("a:1"), r));
    assertThat(kit.getState().containers()).isEmpty();
    assertThat(kit.getState().references()).isEmpty();
  }

  @Test
  void untagging_the_last_tag_deletes_in_one_write_and_survives_restart() {
    register();
    confirm(r -> new ImageCommand.AddReference(ref("a:1"), r));
    var result = kit.<DeleteOutcome>runCommand(
        r -> new ImageCommand.Untag(ref("a:1"), "a:1", false, "saga-1", r));
    assertThat(result.events()).hasSize(3).last().isInstanceOf(ImageEvent.StepTaken.class);
    var step = ((DeleteOutcome.Done) result.reply()).step();
    assertThat(step.untagged()).containsExactly("a:1");
    assertThat(step.deleted()).isTrue();
    kit.restart();
    assertThat(kit.getState().lifecycle()).isEqualTo(ImageState.Lifecycle.DELETED);
    assertThat(kit.getState().generation()).as("registered, then deleted").isEqualTo(2);
    assertThat(kit.<Registration>runCommand(register("op-1", 3, Optional.empty())).reply())
        .isEqualTo(Registration.CREATED);
  }

  @Test
  void a_saga_asking_again_gets_its_first_outcome_even_after_the_image_is_gone() {
    register();
    confirm(r -> new ImageCommand.AddReference(ref("a:1"), r));
    assertThat(kit.<DeleteOutcome>runCommand(r -> new ImageCommand.RecallStep("saga-9", r))
        .reply()).isEqualTo(new DeleteOutcome.NotTaken("saga-9"));
    var first = kit.<DeleteOutcome>runCommand(
        r -> new ImageCommand.Untag(ref("a:1"), "a:1", false, "saga-9", r));
    kit.restart();
    var again = kit.<DeleteOutcome>runCommand(
        r -> new ImageCommand.Untag(ref("a:1"), "a:1", false, "saga-9", r));
    assertThat(again.hasNoEvents()).isTrue();
    assertThat(again.reply()).isEqualTo(first.reply()).isInstanceOf(DeleteOutcome.Done.class);
    assertThat(kit.<DeleteOutcome>runCommand(r -> new ImageCommand.RecallStep("saga-9", r))
        .reply()).isEqualTo(first.reply());
    assertThat(kit.<DeleteOutcome>runCommand(
        r -> new ImageCommand.Untag(ref("a:1"), "a:1", false, "saga-10", r)).reply())
        .isInstanceOf(DeleteOutcome.Rejected.class);
  }

  @Test
  void a_step_asked_again_after_many_other_sagas_is_answered_as_the_first_time_until_forgotten() {
    register();
    for (int i = 0; i <= 200; i++) {
      String tag = "a:" + i;
      confirm(r -> new ImageCommand.AddReference(ref(tag), r));
    }
    var first = kit.<DeleteOutcome>runCommand(
        r -> new ImageCommand.Untag(ref("a:0"), "a:0", false, "saga-0", r));
    for (int i = 1; i < 200; i++) {
      String tag = "a:" + i;
      String saga = "saga-" + i;
      kit.<DeleteOutcome>runCommand(r -> new ImageCommand.Untag(ref(tag), tag, false, saga, r));
    }
    var again = kit.<DeleteOutcome>runCommand(
        r -> new ImageCommand.Untag(ref("a:0"), "a:0", false, "saga-0", r));
    assertThat(again.reply()).isEqualTo(first.reply()).isInstanceOf(DeleteOutcome.Done.class);
    assertThat(again.hasNoEvents()).isTrue();

    var forgot = kit.<Confirmation>runCommand(r -> new ImageCommand.Forget("saga-0", r));
    assertThat(forgot.event()).isInstanceOf(ImageEvent.StepsForgotten.class);
    assertThat(kit.<Confirmation>runCommand(r -> new ImageCommand.Forget("saga-0", r))
        .hasNoEvents()).isTrue();
    kit.restart();
    assertThat(kit.<DeleteOutcome>runCommand(r -> new ImageCommand.RecallStep("saga-0", r))
        .reply()).isEqualTo(new DeleteOutcome.NotTaken("saga-0"));
    assertThat(kit.getState().sagaSteps()).hasSize(199);
  }

  @Test
  void a_conflict_changes_nothing() {
    register();
    confirm(r -> new ImageCommand.AttachContainer(C1, r));
    confirm(r -> new ImageCommand.SetContainerRunning(C1, true, r));
    var result = kit.<DeleteOutcome>runCommand(r -> new ImageCommand.DeleteById(true, "saga-1", r));
    assertThat(result.hasNoEvents()).isTrue();
    assertThat(((DeleteOutcome.Rejected) result.reply()).rejection().message())
        .endsWith("image is being used by running container " + C1.substring(0, 12));
  }

  @Test
  void an_announcement_is_journaled_and_changes_nothing() {
    register();
    ImageState before = kit.getState();
    var result = kit.<Confirmation>runCommand(
        r -> new ImageCommand.Announce("load", ID.toString(), r));
    assertThat(result.reply()).isEqualTo(Confirmation.confirmed());
    assertThat(result.event()).isInstanceOf(ImageEvent.Announced.class);
    assertThat(kit.getState()).isEqualTo(before);
  }

  @Test
  void get_answers_in_every_state() {
    assertThat(kit.<ImageState>runCommand(ImageCommand.Get::new).reply().isPresent()).isFalse();
    register();
    assertThat(kit.<ImageState>runCommand(ImageCommand.Get::new).reply().isPresent()).isTrue();
  }

  private void register() {
    kit.<Registration>runCommand(register("op-1"));
  }

  private void confirm(
      java.util.function.Function<org.apache.pekko.actor.typed.ActorRef<Confirmation>,
          ImageCommand> command) {
    assertThat(kit.runCommand(command::apply).reply()).isEqualTo(Confirmation.confirmed());
  }

  private static Function<ActorRef<Registration>, ImageCommand> register(String operation) {
    return register(operation, 1, Optional.empty());
  }

  private static Function<ActorRef<Registration>, ImageCommand> register(
      String operation, long generation, Optional<ImageState.Lease> lease) {
    return replyTo -> new ImageCommand.Register(METADATA, operation, lease, generation, replyTo);
  }
}
