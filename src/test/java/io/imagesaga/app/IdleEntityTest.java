package io.imagesaga.app;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import io.imagesaga.image.ImageEntity;
import io.imagesaga.layer.LayerEntity;
import io.imagesaga.reference.ImageId;
import io.imagesaga.repository.RepositoryEntity;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.Resident;
import io.imagesaga.testkit.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Entities nobody has asked anything for a while leave memory; their journals stay. */
class IdleEntityTest {
  private static final String PASSIVATION = "pekko.cluster.sharding.passivation";

  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded(Map.of(
      PASSIVATION + ".lru-idle.idle-entity.timeout", "3s"));

  @Test
  void the_shipped_passivation_strategy_times_idle_entities_out() {
    Config config = TestConfigs.node(Path.of("unused"));
    String strategy = config.getString(PASSIVATION + ".strategy");
    String timeout = PASSIVATION + "." + strategy + ".idle-entity.timeout";
    assertThat(config.getString(timeout)).as(timeout).isNotEqualTo("none");
    assertThat(config.getDuration(timeout)).isPositive()
        .isLessThanOrEqualTo(Duration.ofMinutes(10));
  }

  /**
   * The limit is shared among the shards, so every new shard resizes each one's share; a
   * frequency-sketch admission filter is rebuilt on each resize, which cost a many-image load
   * about a tenth of its CPU.
   */
  @Test
  void the_shipped_passivation_strategy_bounds_entities_without_an_admission_filter() {
    Config config = TestConfigs.node(Path.of("unused"));
    String strategy = PASSIVATION + "." + config.getString(PASSIVATION + ".strategy");
    assertThat(config.getInt(strategy + ".active-entity-limit")).isEqualTo(100_000);
    String filter = strategy + ".admission.filter";
    assertThat(config.hasPath(filter) ? config.getString(filter) : "none").as(filter)
        .isIn("none", "off");
  }

  @Test
  void an_idle_image_and_its_layer_and_repository_leave_memory_after_the_idle_timeout() {
    ImageId image = NODE.driver().register("idle", Optional.empty(), List.of(diffId("idle")),
        "idle:1");
    var system = NODE.driver().node().system();
    assertThat(Resident.entities(system, ImageEntity.ENTITY_TYPE_KEY)).contains(image.toString());

    Duration max = Duration.ofSeconds(20);
    Resident.awaitNone(system, ImageEntity.ENTITY_TYPE_KEY, max);
    Resident.awaitNone(system, LayerEntity.ENTITY_TYPE_KEY, max);
    Resident.awaitNone(system, RepositoryEntity.ENTITY_TYPE_KEY, max);
    assertThat(NODE.driver().image(image).isPresent()).as("woken again, as it was").isTrue();
  }
}
