package io.imagesaga.layer;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.layer.LayerCommand.Acquired;
import io.imagesaga.layer.LayerCommand.Released;
import io.imagesaga.reference.Digest;
import io.imagesaga.testkit.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ref counting of one layer: acquire, release, removal, recovery. */
class LayerEntityTest {
  private static final ActorTestKit testKit = ActorTestKit.create(TestConfigs.entityTestKit());
  private static final Digest CHAIN = digest("chain");
  private static final Digest PARENT = digest("parent");

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
    assertThat(acquire()).isEqualTo(Acquired.CREATED);
    assertThat(acquire()).isEqualTo(Acquired.RETAINED);
    assertThat(release()).isEqualTo(LayerCommand.Kept.INSTANCE);
    kit.restart();
    assertThat(kit.getState().holders()).isEqualTo(1);
    assertThat(release()).isEqualTo(
        new LayerCommand.Removed(CHAIN, Optional.of(PARENT), 42, Optional.empty()));
    assertThat(kit.getState().isPresent()).isFalse();
    assertThat(release()).isEqualTo(LayerCommand.NotHeld.INSTANCE);
    assertThat(acquire()).isEqualTo(Acquired.CREATED);
  }

  @Test
  void get_answers_in_every_state() {
    assertThat(kit.<LayerState>runCommand(LayerCommand.Get::new).reply().isPresent()).isFalse();
    acquire();
    assertThat(kit.<LayerState>runCommand(LayerCommand.Get::new).reply().diffSize())
        .isEqualTo(42);
  }

  @Test
  void the_layer_keeps_the_blob_it_was_created_with_and_hands_it_over_when_removed() {
    var owner = EventSourcedBehaviorTestKit.<LayerCommand, LayerEvent, LayerState>create(
        testKit.system(), LayerEntity.create(digest("owner"), Clock.systemUTC(), 100));
    assertThat(owner.<Acquired>runCommand(r -> new LayerCommand.Acquire(Optional.empty(),
        digest("diff"), 42, Optional.of("first"), "op-1/img", r)).reply())
        .isEqualTo(Acquired.CREATED);
    assertThat(owner.<Acquired>runCommand(r -> new LayerCommand.Acquire(Optional.empty(),
        digest("diff"), 42, Optional.of("second"), "op-2/img", r)).reply())
        .isEqualTo(Acquired.RETAINED);
    owner.restart();
    assertThat(owner.getState().blob()).contains("first");
    owner.<Released>runCommand(r -> new LayerCommand.Release("saga-1", r));
    assertThat(owner.<Released>runCommand(r -> new LayerCommand.Release("saga-2", r)).reply())
        .isEqualTo(
        new LayerCommand.Removed(digest("owner"), Optional.empty(), 42, Optional.of("first")));
    assertThat(owner.getState().blob()).isEmpty();
  }

  @Test
  void a_release_asked_again_by_the_same_saga_step_is_counted_once() {
    acquire();
    acquire();
    var first = kit.<Released>runCommand(r -> new LayerCommand.Release("saga-1/image", r));
    var again = kit.<Released>runCommand(r -> new LayerCommand.Release("saga-1/image", r));
    assertThat(again.reply()).isEqualTo(first.reply()).isEqualTo(LayerCommand.Kept.INSTANCE);
    assertThat(again.hasNoEvents()).isTrue();
    assertThat(kit.getState().holders()).isEqualTo(1);
    var last = kit.<Released>runCommand(r -> new LayerCommand.Release("saga-2/image", r));
    kit.restart();
    assertThat(kit.<Released>runCommand(r -> new LayerCommand.Release("saga-2/image", r))
        .reply()).isEqualTo(last.reply()).isInstanceOf(LayerCommand.Removed.class);
  }

  private Acquired acquire() {
    return kit.<Acquired>runCommand(
        r -> new LayerCommand.Acquire(Optional.of(PARENT), digest("diff"), 42, Optional.empty(),
            UUID.randomUUID().toString(), r)).reply();
  }

  private Released release() {
    return kit.<Released>runCommand(
        r -> new LayerCommand.Release(UUID.randomUUID().toString(), r)).reply();
  }

  private static Digest digest(String seed) {
    return Digest.sha256(seed.getBytes(StandardCharsets.UTF_8));
  }
}
