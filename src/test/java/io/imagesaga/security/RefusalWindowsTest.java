package io.imagesaga.security;

import static io.imagesaga.security.Permission.DELETE;
import static io.imagesaga.security.Permission.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagesaga.Provenance;
import io.imagesaga.security.AccessEvent.Refused;
import io.imagesaga.security.AccessEvent.RefusalsRepeated;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A flood of refusals costs one journal write per client, permission and window. */
class RefusalWindowsTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration WINDOW = Duration.ofSeconds(10);

  private static Refused refused(String client, Permission needed, int second) {
    return new Refused(new Provenance("10.0.0.9:4000", "docker", "r" + second, client),
        "DELETE", "/images/a" + second, "a" + second, needed, T0.plusSeconds(second));
  }

  @Test
  void the_first_refusal_is_journaled_and_the_next_ones_in_its_window_are_counted() {
    RefusalWindows windows = new RefusalWindows(WINDOW, 10);
    assertThat(windows.offer(refused("CN=bob", DELETE, 0))).isPresent();
    assertThat(windows.offer(refused("CN=bob", DELETE, 1))).isEmpty();
    assertThat(windows.offer(refused("CN=bob", DELETE, 2))).isEmpty();
    assertThat(windows.offer(refused("CN=bob", READ, 3))).as("another permission").isPresent();
    assertThat(windows.offer(refused("", DELETE, 3))).as("no certificate").isPresent();

    assertThat(windows.close(T0.plusSeconds(9))).as("not closed yet").isEmpty();
    assertThat(windows.close(T0.plusSeconds(10))).containsExactly(new RefusalsRepeated(
        "CN=bob", DELETE, 2, T0, refused("CN=bob", DELETE, 2), T0.plusSeconds(10)));
  }

  @Test
  void a_flood_goes_on_being_counted_and_a_quiet_window_ends() {
    RefusalWindows windows = new RefusalWindows(WINDOW, 10);
    windows.offer(refused("CN=bob", DELETE, 0));
    for (int second = 1; second < 25; second++) {
      assertThat(windows.offer(refused("CN=bob", DELETE, second))).isEmpty();
      assertThat(windows.close(T0.plusSeconds(second))).hasSize(second % 10 == 0 ? 1 : 0);
    }
    assertThat(windows.close(T0.plusSeconds(30))).singleElement()
        .satisfies(r -> assertThat(r.count()).isEqualTo(4));
    assertThat(windows.close(T0.plusSeconds(40))).as("nothing counted: the window ends")
        .isEmpty();
    assertThat(windows.offer(refused("CN=bob", DELETE, 41))).as("journaled again").isPresent();
  }

  @Test
  void clients_beyond_the_bound_are_counted_together() {
    RefusalWindows windows = new RefusalWindows(WINDOW, 2);
    assertThat(windows.offer(refused("CN=a", DELETE, 0))).isPresent();
    assertThat(windows.offer(refused("CN=b", DELETE, 0))).isPresent();
    assertThat(windows.offer(refused("CN=c", DELETE, 1))).isEmpty();
    assertThat(windows.offer(refused("CN=d", DELETE, 2))).isEmpty();
    assertThat(windows.closeAll(T0.plusSeconds(3))).containsExactly(new RefusalsRepeated(
        RefusalsRepeated.OTHERS, DELETE, 2, T0.plusSeconds(1), refused("CN=d", DELETE, 2),
        T0.plusSeconds(3)));
    assertThat(windows.offer(refused("CN=c", DELETE, 4))).as("all windows closed").isPresent();
  }

  @Test
  void a_window_needs_a_length_and_a_bound() {
    assertThatThrownBy(() -> new RefusalWindows(Duration.ZERO, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RefusalWindows(WINDOW, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
