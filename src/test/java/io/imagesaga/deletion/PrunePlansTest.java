package io.imagesaga.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.reference.ImageId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Dry runs' plans in memory: handed over once, the oldest giving way. */
class PrunePlansTest {

  @Test
  void a_plan_is_handed_over_once_and_old_ones_give_way() {
    PrunePlans plans = new PrunePlans(PrunePlans.OPEN_PLANS);
    PrunePlan first = plan("first");
    plans.keep(first);
    assertThat(plans.take("first")).contains(first);
    assertThat(plans.take("first")).isEmpty();

    IntStream.range(0, PrunePlans.OPEN_PLANS + 1).forEach(i -> plans.keep(plan("p" + i)));
    assertThat(plans.take("p0")).isEmpty();
    assertThat(plans.take("p1")).isPresent();
    assertThat(plans.take("p" + PrunePlans.OPEN_PLANS)).isPresent();
  }

  private static PrunePlan plan(String token) {
    ImageId id = ImageId.fromConfig(token.getBytes(StandardCharsets.UTF_8));
    return new PrunePlan(token, List.of(new PrunePlan.Item(id.hex(), id, List.of())),
        Instant.EPOCH);
  }
}
