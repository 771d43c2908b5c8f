package io.imagesaga.audit;

import static io.imagesaga.audit.HandLog.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.container.ContainerEvent;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.reference.ImageId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code audit verify} on invariant 3 of docs/design.md: an image used by a running container is
 * never deleted; but {@code rmi -f} may delete one that only stopped or created containers use,
 * and those keep its ID and may be started later, as with dockerd.
 */
class RunningContainerCheckTest {
  private static final ImageId IMAGE = id('1');
  private static final String CONTAINER = "c".repeat(64);
  private static final Instant T = Instant.parse("2026-12-01T18:00:00Z");

  /** A registered image with a created (never started) container on it. */
  private static HandLog imageWithContainer() {
    return new HandLog()
        .registered(IMAGE, T, 1_000, T)
        .image(IMAGE, T, new ImageEvent.ContainerAttached(CONTAINER, T))
        .created(CONTAINER, "web", "sha256:" + IMAGE.hex(), IMAGE, T);
  }

  private static InvariantCheck verify(HandLog log) {
    InvariantCheck check = new InvariantCheck();
    log.records().forEach(check::apply);
    return check;
  }

  @Test
  void starting_a_container_whose_image_was_force_deleted_breaks_nothing() {
    HandLog log = imageWithContainer()
        .deleted(IMAGE, T)
        .image(IMAGE, T, new ImageEvent.ContainerStateChanged(CONTAINER, true, T))
        .container(CONTAINER, T, new ContainerEvent.Started(T));

    assertThat(verify(log).violation()).isEmpty();
  }

  @Test
  void deleting_an_image_while_its_container_runs_breaks_invariant_3() {
    HandLog log = imageWithContainer()
        .image(IMAGE, T, new ImageEvent.ContainerStateChanged(CONTAINER, true, T))
        .container(CONTAINER, T, new ContainerEvent.Started(T))
        .deleted(IMAGE, T)
        .container(CONTAINER, T, new ContainerEvent.Stopped(T));

    var violation = verify(log).violation();

    assertThat(violation).isPresent();
    assertThat(violation.get().invariant()).isEqualTo(3);
    assertThat(violation.get().after().offset()).isEqualTo(6);
    assertThat(violation.get().description()).contains(IMAGE.toString(), CONTAINER);
  }
}
