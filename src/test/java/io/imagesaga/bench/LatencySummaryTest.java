package io.imagesaga.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

  @Test
  void percentiles_are_nearest_rank_over_the_sorted_samples() {
    // 1..100 ms, shuffled: the 50th and 99th smallest.
    long[] nanos = LongStream.rangeClosed(1, 100).map(i -> (i * 37 % 100 + 1) * 1_000_000L)
        .toArray();
    LatencySummary summary = LatencySummary.of(nanos, 2_000_000_000L);
    assertThat(summary.count()).isEqualTo(100);
    assertThat(summary.p50Millis()).isEqualTo(50.0);
    assertThat(summary.p99Millis()).isEqualTo(99.0);
    assertThat(summary.maxMillis()).isEqualTo(100.0);
    assertThat(summary.perSecond()).isCloseTo(50.0, within(1e-9));
  }

  @Test
  void a_few_samples_give_their_largest_as_p99() {
    long[] sorted = {10, 20, 30};
    assertThat(LatencySummary.percentile(sorted, 99)).isEqualTo(30);
    assertThat(LatencySummary.percentile(sorted, 50)).isEqualTo(20);
    assertThat(LatencySummary.percentile(new long[] {7}, 50)).isEqualTo(7);
  }

  @Test
  void the_samples_given_are_not_reordered() {
    long[] nanos = {3, 1, 2};
    LatencySummary.of(nanos, 1);
    assertThat(nanos).containsExactly(3, 1, 2);
  }

  @Test
  void no_samples_is_an_error() {
    assertThatThrownBy(() -> LatencySummary.of(new long[0], 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
