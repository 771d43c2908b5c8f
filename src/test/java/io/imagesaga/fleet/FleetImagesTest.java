package io.imagesaga.fleet;

import static io.imagesaga.testkit.NodeDriver.await;
import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.TestFleet;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /imagesaga/fleet/images}: which hosts hold an image, and who uses it there. */
class FleetImagesTest {
  @TempDir static Path dir;
  static TestFleet fleet;

  @BeforeAll
  static void start() throws Exception {
    fleet = TestFleet.start(dir, "alpha", "beta");
  }

  @AfterAll
  static void stop() {
    fleet.close();
  }

  @Test
  void an_image_on_two_hosts_lists_both_with_their_own_tags_and_containers() {
    ImageId shared = fleet.agent("alpha").node().register("shared", Optional.empty(),
        List.of(diffId("shared-1")), "shared:1");
    fleet.agent("beta").node().register("shared", Optional.empty(),
        List.of(diffId("shared-1")), "shared:prod");
    fleet.agent("beta").node().createContainer("c-beta", "shared:prod");
    fleet.agent("beta").node().start("c-beta");

    FleetImages images = new FleetImages(fleet.agent("alpha").fleet().system(),
        fleet.agent("alpha").fleet().directory(), java.time.Duration.ofSeconds(10));
    FleetImages.View view = await(images.list(Optional.empty(), false));

    assertThat(view.hosts()).extracting(FleetImages.HostStatus::status)
        .containsOnly("reachable");
    FleetImages.Image image = view.images().stream()
        .filter(i -> i.id().equals(shared.toString())).findFirst().orElseThrow();
    assertThat(image.hosts()).extracting(FleetImages.Holder::host)
        .containsExactly("alpha", "beta");
    assertThat(image.hosts().get(0).repoTags()).containsExactly("shared:1");
    assertThat(image.hosts().get(0).containers()).isEmpty();
    assertThat(image.hosts().get(1).repoTags()).containsExactly("shared:prod");
    assertThat(image.hosts().get(1).containers()).extracting(FleetImages.Container::running)
        .containsExactly(true);
  }
}
