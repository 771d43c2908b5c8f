package io.imagesaga.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.Confirmation;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import io.imagesaga.repository.RepositoryCommand.Resolution;
import io.imagesaga.testkit.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A repository's references: set, move, resolve, remove only what still points at the image. */
class RepositoryEntityTest {
  private static final ActorTestKit testKit = ActorTestKit.create(TestConfigs.entityTestKit());
  private static final ImageId A = ImageId.fromConfig("a".getBytes(StandardCharsets.UTF_8));
  private static final ImageId B = ImageId.fromConfig("b".getBytes(StandardCharsets.UTF_8));

  private final EventSourcedBehaviorTestKit<RepositoryCommand, RepositoryEvent, RepositoryState>
      kit = EventSourcedBehaviorTestKit.create(testKit.system(),
          RepositoryEntity.create("docker.io/library/app", Clock.systemUTC(), 100));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    kit.clear();
  }

  @Test
  void a_moved_tag_reports_its_previous_image_and_survives_restart() throws Exception {
    NamedReference tag = References.parseNormalizedNamed("app:1");
    assertThat(set(tag, A)).isEqualTo(new Resolution(Optional.empty()));
    assertThat(set(tag, A)).isEqualTo(new Resolution(Optional.of(A)));
    assertThat(set(tag, B)).isEqualTo(new Resolution(Optional.of(A)));
    kit.restart();
    assertThat(kit.<Resolution>runCommand(r -> new RepositoryCommand.Resolve(tag, r)).reply())
        .isEqualTo(new Resolution(Optional.of(B)));
  }

  @Test
  void removal_leaves_references_that_moved_elsewhere() throws Exception {
    NamedReference tag = References.parseNormalizedNamed("app:1");
    NamedReference other = References.parseNormalizedNamed("app:2");
    set(tag, B);
    set(other, A);
    var result = kit.<Confirmation>runCommand(
        r -> new RepositoryCommand.RemoveReferences(List.of(tag, other), A, r));
    assertThat(result.reply()).isEqualTo(Confirmation.confirmed());
    assertThat(kit.getState().lookup(tag)).contains(B);
    assertThat(kit.getState().lookup(other)).isEmpty();
    assertThat(kit.<RepositoryState>runCommand(RepositoryCommand.Get::new).reply().references())
        .hasSize(1);
  }

  @Test
  void a_move_asked_again_after_many_others_answers_as_the_first_time_until_forgotten()
      throws Exception {
    NamedReference tag = References.parseNormalizedNamed("app:1");
    assertThat(set(tag, A, "op-0/reference/0")).isEqualTo(new Resolution(Optional.empty()));
    for (int i = 1; i <= 200; i++) {
      set(References.parseNormalizedNamed("app:other-" + i), B, "op-" + i);
    }
    var again = kit.<Resolution>runCommand(
        r -> new RepositoryCommand.SetReference(tag, A, "op-0/reference/0", r));
    assertThat(again.reply()).isEqualTo(new Resolution(Optional.empty()));
    assertThat(again.hasNoEvents()).isTrue();

    var forgot = kit.<Confirmation>runCommand(r -> new RepositoryCommand.Forget("op-0", r));
    assertThat(forgot.event()).isEqualTo(new RepositoryEvent.StepsForgotten("op-0",
        forgot.event().at()));
    kit.restart();
    assertThat(kit.getState().moveBy("op-0/reference/0")).isEmpty();
    assertThat(kit.getState().moves()).hasSize(200);
    assertThat(kit.<Confirmation>runCommand(r -> new RepositoryCommand.Forget("op-0", r))
        .hasNoEvents()).isTrue();
  }

  private Resolution set(NamedReference ref, ImageId image, String operation) {
    return kit.<Resolution>runCommand(
        r -> new RepositoryCommand.SetReference(ref, image, operation, r)).reply();
  }

  private Resolution set(NamedReference ref, ImageId image) {
    return kit.<Resolution>runCommand(r -> new RepositoryCommand.SetReference(ref, image,
        UUID.randomUUID().toString(), r))
        .reply();
  }
}
