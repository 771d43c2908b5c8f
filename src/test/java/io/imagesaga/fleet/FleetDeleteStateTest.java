package io.imagesaga.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.Provenance;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When a fleet delete ends: a pure decision of its state, the clock and the hosts it tried. */
class FleetDeleteStateTest {
  private static final Instant DEADLINE = Instant.parse("2026-12-05T00:00:00Z");
  private static final FleetDeleteState STARTED = FleetDeleteState.initial().apply(
      new FleetDeleteEvent.Started(new FleetDeletePlan("f-1",
          new FleetDeleteTarget.Image("app:1", false, false), false, List.of("a", "b", "c"),
          List.of(), Provenance.node("test"), DEADLINE), DEADLINE.minusSeconds(600)));

  @Test
  void before_the_deadline_a_saga_with_pending_hosts_carries_on() {
    assertThat(STARTED.endAt(DEADLINE.minusSeconds(1), Set.of("a", "b", "c"))).isEmpty();
  }

  @Test
  void past_the_deadline_a_host_not_tried_since_is_asked_before_it_is_reported_unreachable() {
    // A survivor that recovers the saga after its deadline must ask a host whose part may have
    // run before it calls it unreachable.
    assertThat(STARTED.endAt(DEADLINE.plusSeconds(1), Set.of("a"))).isEmpty();
  }

  @Test
  void past_the_deadline_the_hosts_tried_in_vain_are_reported_unreachable_and_the_saga_ends() {
    var end = STARTED.endAt(DEADLINE.plusSeconds(1), Set.of("a", "b", "c"));
    assertThat(end).hasSize(2);
    assertThat(((FleetDeleteEvent.HostsUnreachable) end.get(0)).hosts())
        .containsExactly("a", "b", "c");
    assertThat(end.get(1)).isInstanceOf(FleetDeleteEvent.Finished.class);
  }
}
