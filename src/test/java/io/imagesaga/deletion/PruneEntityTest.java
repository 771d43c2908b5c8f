package io.imagesaga.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.Confirmation;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node's prunes: their events, and dry-run plans kept until executed, once. */
class PruneEntityTest {
  private static final ActorTestKit testKit = ActorTestKit.create(TestConfigs.entityTestKit());

  private final EventSourcedBehaviorTestKit<PruneCommand, PruneEvent, PruneEntity.Totals> kit =
      EventSourcedBehaviorTestKit.create(testKit.system(),
          PruneEntity.create("local", Clock.systemUTC(), 100));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    kit.clear();
  }

  @Test
  void a_finished_prune_is_counted_with_what_it_reclaimed() {
    kit.<Confirmation>runCommand(r -> new PruneCommand.RecordCompleted(2048, r));
    kit.restart();
    assertThat(kit.getState().prunes()).isEqualTo(1);
    assertThat(kit.getState().reclaimed()).isEqualTo(2048);
  }

  @Test
  void a_plan_is_handed_over_once_and_old_ones_give_way() {
    PrunePlan plan = plan("first");
    kit.<Confirmation>runCommand(r -> new PruneCommand.RecordPlan(plan, r));
    kit.restart();
    assertThat(take("first")).contains(plan);
    assertThat(take("first")).isEmpty();

    IntStream.range(0, PruneEntity.OPEN_PLANS + 1).forEach(i ->
        kit.<Confirmation>runCommand(r -> new PruneCommand.RecordPlan(plan("p" + i), r)));
    assertThat(kit.getState().plans()).hasSize(PruneEntity.OPEN_PLANS);
    assertThat(take("p0")).isEmpty();
    assertThat(take("p" + PruneEntity.OPEN_PLANS)).isPresent();
  }

  private Optional<PrunePlan> take(String token) {
    return kit.<PruneCommand.TakenPlan>runCommand(r -> new PruneCommand.TakePlan(token, r))
        .reply().plan();
  }

  private static PrunePlan plan(String token) {
    ImageId id = ImageId.fromConfig(token.getBytes(StandardCharsets.UTF_8));
    return new PrunePlan(token, List.of(new PrunePlan.Item(id.hex(), id, List.of())),
        Instant.EPOCH);
  }
}
