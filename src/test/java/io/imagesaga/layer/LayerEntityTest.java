package io.imagesaga.layer;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.layer.LayerCommand.Acquired;
import io.imagesaga.layer.LayerCommand.Released;
import io.imagesaga.reference.Digest;
import io.imagesaga.testkit.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
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
    assertThat(release()).isEqualTo(new LayerCommand.Removed(CHAIN, Optional.of(PARENT), 42));
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

  private Acquired acquire() {
    return kit.<Acquired>runCommand(
        r -> new LayerCommand.Acquire(Optional.of(PARENT), digest("diff"), 42, r)).reply();
  }

  private Released release() {
    return kit.<Released>runCommand(LayerCommand.Release::new).reply();
  }

  private static Digest digest(String seed) {
    return Digest.sha256(seed.getBytes(StandardCharsets.UTF_8));
  }
}
