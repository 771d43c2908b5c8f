package io.imagesaga.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.Confirmation;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node's prunes: their events. */
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

  /** Plans journaled by earlier builds replay without changing what the entity holds. */
  @Test
  void plans_journaled_by_earlier_builds_replay_as_nothing() {
    kit.initialize(new PruneEvent.Planned(plan("old"), Instant.EPOCH),
        new PruneEvent.PlanTaken("old", Instant.EPOCH));
    kit.restart();
    assertThat(kit.getState()).isEqualTo(new PruneEntity.Totals(0, 0, List.of()));
  }

  private static PrunePlan plan(String token) {
    ImageId id = ImageId.fromConfig(token.getBytes(StandardCharsets.UTF_8));
    return new PrunePlan(token, List.of(new PrunePlan.Item(id.hex(), id, List.of())),
        Instant.EPOCH);
  }
}
