package io.imagesaga.repository;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A repository's snapshot cadence follows its size, four-fold margins apart. */
class SnapshotCadenceTest {
  private final SnapshotCadence cadence = new SnapshotCadence(100);

  @Test
  void the_cadence_is_the_configured_one_until_a_quarter_of_the_size_exceeds_it() {
    assertThat(cadence.intervalFor(0)).isEqualTo(100);
    assertThat(cadence.intervalFor(400)).isEqualTo(100);
    assertThat(cadence.intervalFor(401)).isEqualTo(200);
    assertThat(cadence.intervalFor(100_000)).isEqualTo(25_600);
    assertThat(cadence.intervalFor(Integer.MAX_VALUE)).isPositive();
  }

  @Test
  void a_repository_restarts_only_when_its_size_moved_four_fold_and_starts_with_what_it_needs() {
    assertThat(cadence.outgrown("big", 100, 800)).as("200 is within four-fold").isFalse();
    assertThat(cadence.startingInterval("big")).isEqualTo(100);
    assertThat(cadence.outgrown("big", 100, 100_000)).isTrue();
    assertThat(cadence.startingInterval("big")).isEqualTo(25_600);
    assertThat(cadence.outgrown("big", 25_600, 30_000)).as("12,800 is within four-fold").isFalse();
    assertThat(cadence.outgrown("big", 25_600, 20)).isTrue();
    assertThat(cadence.startingInterval("big")).isEqualTo(100);
  }
}
